import Foundation
import SwitchboardCore

/// Attachment metadata for a new message; the bytes are already stored by content hash.
public struct NewAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    /// MIME Content-ID without angle brackets, for inline images.
    public var contentID: String?
    public var size: Int64
    /// Lower-case hex SHA-256 of the bytes.
    public var sha256: String
    public var isInline: Bool

    public init(
        filename: String, contentType: String, contentID: String? = nil, size: Int64, sha256: String,
        isInline: Bool = false
    ) {
        self.filename = filename
        self.contentType = contentType
        self.contentID = contentID
        self.size = size
        self.sha256 = sha256
        self.isInline = isInline
    }
}

/// Who a new ticket is from, when it is not an existing contact: found or created by email/phone.
public struct RequesterDetails: Sendable, Equatable {
    public var name: String?
    public var email: String?
    public var phone: String?

    public init(name: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}

/// A ticket to create with its first message.
public struct NewTicket: Sendable {
    public var accountID: Int64
    public var subject: String
    /// Plain-text body of the first message.
    public var body: String
    /// Sanitised HTML body of the first message, if any.
    public var html: String?
    public var priority: TicketPriority
    public var type: TicketType?
    public var channel: Channel
    public var inboxID: Int64?
    /// The requester by details (found or created), used when `requesterID` is `nil`.
    public var requester: RequesterDetails?
    /// An existing contact of the account.
    public var requesterID: Int64?
    public var assigneeID: Int64?
    public var teamID: Int64?
    public var tags: [String]
    public var customFields: [String: CustomFieldValue]
    /// Message-ID (or channel id) of the first message, for de-duplication.
    public var externalID: String?
    public var attachments: [NewAttachment]
    /// For imports: when it happened (defaults to now).
    public var createdAt: Date?
    /// Who created it: a user (agent, API) or the contact (email, web form).
    public var actor: EventActor
    /// The first message's kind: `inbound` (the customer wrote; the default), `outbound` (an agent wrote to the
    /// customer; counts as the first response) or `note`.
    public var firstMessageKind: MessageKind
    /// Set on follow-ups: the closed ticket this one continues.
    public var followUpOfID: Int64?

    public init(
        accountID: Int64, subject: String, body: String, html: String? = nil, priority: TicketPriority = .normal,
        type: TicketType? = nil, channel: Channel, inboxID: Int64? = nil, requester: RequesterDetails? = nil,
        requesterID: Int64? = nil, assigneeID: Int64? = nil, teamID: Int64? = nil, tags: [String] = [],
        customFields: [String: CustomFieldValue] = [:], externalID: String? = nil, attachments: [NewAttachment] = [],
        createdAt: Date? = nil, actor: EventActor, firstMessageKind: MessageKind = .inbound,
        followUpOfID: Int64? = nil
    ) {
        self.accountID = accountID
        self.subject = subject
        self.body = body
        self.html = html
        self.priority = priority
        self.type = type
        self.channel = channel
        self.inboxID = inboxID
        self.requester = requester
        self.requesterID = requesterID
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.tags = tags
        self.customFields = customFields
        self.externalID = externalID
        self.attachments = attachments
        self.createdAt = createdAt
        self.actor = actor
        self.firstMessageKind = firstMessageKind
        self.followUpOfID = followUpOfID
    }
}

/// Changes to a ticket; `nil` leaves a field as it is. For optional fields `.some(nil)` clears it.
public struct TicketChanges: Sendable, Equatable {
    public var subject: String?
    public var status: TicketStatus?
    public var priority: TicketPriority?
    public var type: TicketType??
    public var assigneeID: Int64??
    public var teamID: Int64??
    /// Replaces all tags.
    public var tags: [String]?
    /// Added after `tags` is applied.
    public var addTags: [String]
    /// Removed after `tags` and `addTags` are applied.
    public var removeTags: [String]
    /// Merged into the existing fields; `.null` removes a field.
    public var customFields: [String: CustomFieldValue]?

    public init(
        subject: String? = nil, status: TicketStatus? = nil, priority: TicketPriority? = nil,
        type: TicketType?? = nil, assigneeID: Int64?? = nil, teamID: Int64?? = nil, tags: [String]? = nil,
        addTags: [String] = [], removeTags: [String] = [], customFields: [String: CustomFieldValue]? = nil
    ) {
        self.subject = subject
        self.status = status
        self.priority = priority
        self.type = type
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.tags = tags
        self.addTags = addTags
        self.removeTags = removeTags
        self.customFields = customFields
    }
}

/// A message to add to an existing ticket.
public struct NewMessage: Sendable {
    /// `inbound` (the customer), `outbound` (a public reply) or `note` (internal).
    public var kind: MessageKind
    public var channel: Channel
    public var authorKind: AuthorKind
    public var authorID: Int64?
    public var text: String
    public var html: String?
    /// Message-ID or channel id, for threading and de-duplication.
    public var externalID: String?
    public var attachments: [NewAttachment]
    /// For outbound replies: the status the agent submitted as (e.g. `pending`, `solved`).
    public var statusAfterReply: TicketStatus?
    /// An automatic message: inbound (out-of-office, bounce) it is recorded and never reopens; outbound (our
    /// acknowledgement of receipt) it is not a first response and changes no status.
    public var isAutomatic: Bool
    /// For imports: when it happened (defaults to now).
    public var createdAt: Date?

    public init(
        kind: MessageKind, channel: Channel, authorKind: AuthorKind, authorID: Int64?, text: String,
        html: String? = nil, externalID: String? = nil, attachments: [NewAttachment] = [],
        statusAfterReply: TicketStatus? = nil, isAutomatic: Bool = false, createdAt: Date? = nil
    ) {
        self.kind = kind
        self.channel = channel
        self.authorKind = authorKind
        self.authorID = authorID
        self.text = text
        self.html = html
        self.externalID = externalID
        self.attachments = attachments
        self.statusAfterReply = statusAfterReply
        self.isAutomatic = isAutomatic
        self.createdAt = createdAt
    }
}

/// Maintained ticket counts of one account, for inbox views.
public struct TicketCounts: Sendable, Equatable {
    /// Tickets per status (every status present, zero when none).
    public var byStatus: [TicketStatus: Int]
    /// Unsolved tickets (new, open, pending, on hold) without an assignee.
    public var unassignedUnsolved: Int
    /// Unsolved tickets per assignee id (only assignees with at least one).
    public var byAssignee: [Int64: Int]
    /// Unsolved tickets per team id (only teams with at least one).
    public var byTeam: [Int64: Int]

    public init(
        byStatus: [TicketStatus: Int] = [:], unassignedUnsolved: Int = 0, byAssignee: [Int64: Int] = [:],
        byTeam: [Int64: Int] = [:]
    ) {
        var statuses = byStatus
        for status in TicketStatus.allCases where statuses[status] == nil { statuses[status] = 0 }
        self.byStatus = statuses
        self.unassignedUnsolved = unassignedUnsolved
        self.byAssignee = byAssignee
        self.byTeam = byTeam
    }

    /// All unsolved tickets.
    public var unsolved: Int { TicketStatus.allCases.filter(\.isUnsolved).reduce(0) { $0 + (byStatus[$1] ?? 0) } }
}
