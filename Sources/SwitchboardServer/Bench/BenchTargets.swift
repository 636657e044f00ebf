import Foundation
import SwitchboardCore
import SwitchboardStorage

/// What the HTTP benchmark's requests point at, read from the loaded dataset before the run.
public struct BenchTargets: Sendable {
    public var accountID: Int64
    /// A personal API token of an agent (created for the run).
    public var token: String
    /// A web session of the same agent (the `sb_session` cookie), for the workspace pages.
    public var sessionSecret: String
    public var requesterIDs: [Int64]
    /// A keyset cursor 90% deep into the default inbox list.
    public var deepCursor: String?
    /// The ticket with the longest thread and its message count.
    public var longThreadID: Int64
    public var longThreadMessages: Int
    /// Tickets that accept replies (not closed).
    public var replyTicketIDs: [Int64]
    public var commonWord: String
    /// Words that each occur in one ticket.
    public var rareWords: [String]

    /// Reads the targets of the account `ids` from `database` and creates a token for its first agent.
    public static func prepare(
        ids: BenchDirectoryIDs, generator: DatasetGenerator, into database: Database
    ) async throws -> BenchTargets {
        let accountID = ids.accountID
        let tickets = generator.spec.tickets
        let (token, sessionSecret) = try await database.write { db in
            (
                try await APITokenRepository().create(
                    accountID: accountID, userID: ids.agentIDs[0], name: "bench", on: db
                ).secret,
                try await SessionRepository().create(
                    userID: ids.agentIDs[0], accountID: accountID, expiresAt: Date().addingTimeInterval(86_400), on: db
                ).secret
            )
        }
        return try await database.read { db in
            let cursor = try await BenchProbe.inboxCursor(accountID: accountID, offset: tickets * 9 / 10, on: db)
            let longest = try await BenchProbe.longestThread(accountID: accountID, on: db)
            let open = try await BenchProbe.replyableTickets(accountID: accountID, limit: 2_000, on: db)
            var random = BenchRandom(seed: generator.spec.seed, stream: 0xBE7C)
            let rare = (0..<200).map { _ in
                DatasetGenerator.orderNumber(ticket: random.below(max(tickets, 1)), seed: generator.spec.seed)
            }
            return BenchTargets(
                accountID: accountID, token: token, sessionSecret: sessionSecret, requesterIDs: Array(ids.contactIDs.prefix(5_000)),
                deepCursor: cursor, longThreadID: longest?.id ?? 0, longThreadMessages: longest?.messages ?? 0,
                replyTicketIDs: open, commonWord: "account", rareWords: rare)
        }
    }
}
