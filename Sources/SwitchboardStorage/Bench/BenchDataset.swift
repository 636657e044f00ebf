import Foundation
import SwitchboardCore

/// The shape of a generated help-desk account: how many tickets, the seed, and when its two years end.
///
/// The same spec always generates the same data (see ``DatasetGenerator``). People and places scale with the
/// ticket count: 50 agents in 5 teams, one contact per five tickets, one organization per 40 contacts.
public struct BenchDatasetSpec: Sendable, Equatable {
    public var tickets: Int
    public var seed: UInt64
    /// The end of the two years the tickets span (the dataset's "now"); rounded to the second.
    public var end: Date
    public var agents: Int
    public var teams: Int
    /// Messages of the one long thread (the ticket the `show` benchmark opens); 0 for none.
    public var longThreadMessages: Int

    public init(
        tickets: Int = 1_000_000, seed: UInt64 = 42, end: Date = Date(timeIntervalSince1970: 1_796_083_200),
        agents: Int = 50, teams: Int = 5, longThreadMessages: Int = 200
    ) {
        self.tickets = max(0, tickets)
        self.seed = seed
        self.end = Date(timeIntervalSince1970: end.timeIntervalSince1970.rounded(.down))
        self.agents = max(1, agents)
        self.teams = max(1, min(teams, SupportPhrases.teamNames.count))
        self.longThreadMessages = max(0, longThreadMessages)
    }

    /// Two years before ``end``.
    public var start: Date { end.addingTimeInterval(-2 * 365 * 86_400) }
    public var contacts: Int { max(20, tickets / 5) }
    public var organizations: Int { max(3, min(contacts / 40, 5_000)) }
    /// The index of the long-thread ticket (in the middle of the two years), or `nil` when there is none.
    public var longThreadIndex: Int? { longThreadMessages > 0 && tickets >= 4 ? tickets / 2 : nil }
}

/// A generated agent (a user with role agent; the first one is an admin).
public struct BenchAgent: Sendable, Equatable {
    public var name: String
    public var email: String
    public var role: UserRole
    public var team: Int
}

/// A generated organization with its email domain.
public struct BenchOrganization: Sendable, Equatable {
    public var name: String
    public var domain: String
    public var tier: String
}

/// A generated contact: a name, an email address and maybe an organization (by index).
public struct BenchContact: Sendable, Equatable {
    public var name: String
    public var email: String
    public var organization: Int?
    public var createdAt: Date
}

/// A generated inbox, one per channel.
public struct BenchInbox: Sendable, Equatable {
    public var name: String
    public var channel: Channel
    public var emailAddress: String?
}

/// Everything but the tickets.
public struct BenchDirectory: Sendable {
    public var accountName: String
    public var agents: [BenchAgent]
    public var teams: [String]
    public var organizations: [BenchOrganization]
    public var contacts: [BenchContact]
    public var inboxes: [BenchInbox]
}

/// One step in a ticket's life after it was created.
public enum BenchStep: Sendable, Equatable {
    /// A message: inbound (the requester), outbound or note (the agent, by index).
    case message(kind: MessageKind, agent: Int?, text: String, statusAfterReply: TicketStatus?, at: Date)
    /// An explicit status change by an agent (by index) or, with `nil`, by the system (automatic close).
    case setStatus(TicketStatus, agent: Int?, at: Date)
}

/// One generated ticket: how it was opened and what happened to it, in order.
public struct BenchTicketScript: Sendable, Equatable {
    public var index: Int
    public var subject: String
    public var body: String
    public var priority: TicketPriority
    public var type: TicketType?
    /// Index into ``BenchDirectory/inboxes``; the ticket's channel is the inbox's.
    public var inbox: Int
    public var requester: Int
    public var assignee: Int?
    public var team: Int?
    public var tags: [String]
    public var createdAt: Date
    public var steps: [BenchStep]
}

/// The database ids of the directory's rows, by index.
public struct BenchDirectoryIDs: Sendable {
    public var accountID: Int64
    public var agentIDs: [Int64]
    public var teamIDs: [Int64]
    public var organizationIDs: [Int64]
    public var contactIDs: [Int64]
    /// The organization id of each contact (by contact index).
    public var contactOrganizationIDs: [Int64?]
    public var inboxIDs: [Int64]
    public var inboxChannels: [Channel]

    public init(
        accountID: Int64, agentIDs: [Int64], teamIDs: [Int64], organizationIDs: [Int64], contactIDs: [Int64],
        contactOrganizationIDs: [Int64?], inboxIDs: [Int64], inboxChannels: [Channel]
    ) {
        self.accountID = accountID
        self.agentIDs = agentIDs
        self.teamIDs = teamIDs
        self.organizationIDs = organizationIDs
        self.contactIDs = contactIDs
        self.contactOrganizationIDs = contactOrganizationIDs
        self.inboxIDs = inboxIDs
        self.inboxChannels = inboxChannels
    }
}
