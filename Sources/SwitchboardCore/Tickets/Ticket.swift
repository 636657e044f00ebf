import Foundation

/// A customer case: the unit agents own until it is solved.
public struct Ticket: Sendable, Codable, Equatable {
    /// Global id, unique across accounts.
    public var id: Int64
    public var accountID: Int64
    /// Per-account number shown to people (`#1042`), unique within the account.
    public var number: Int64
    public var subject: String
    public var status: TicketStatus
    public var priority: TicketPriority
    public var type: TicketType?
    public var channel: Channel
    public var inboxID: Int64?
    public var requesterID: Int64
    public var organizationID: Int64?
    public var assigneeID: Int64?
    public var teamID: Int64?
    /// Lower-case tags, unique, sorted.
    public var tags: [String]
    /// Free custom fields, keyed by field name; values are strings, numbers, booleans or null.
    public var customFields: [String: CustomFieldValue]
    /// The ticket this one was merged into (set on the closed source of a merge).
    public var mergedIntoID: Int64?
    /// The closed ticket a follow-up was created from.
    public var followUpOfID: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    /// When an agent first answered publicly.
    public var firstResponseAt: Date?
    /// When the ticket last became solved (cleared when reopened).
    public var solvedAt: Date?
    /// Since when the customer has been waiting for the team, or `nil` when the ball is with the customer.
    public var waitingSince: Date?
    /// How many times a solved ticket was reopened.
    public var reopenCount: Int
    /// The last message's text, shortened, for lists.
    public var lastMessagePreview: String
    public var messageCount: Int

    public init(
        id: Int64, accountID: Int64, number: Int64, subject: String, status: TicketStatus = .new,
        priority: TicketPriority = .normal, type: TicketType? = nil, channel: Channel, inboxID: Int64? = nil,
        requesterID: Int64, organizationID: Int64? = nil, assigneeID: Int64? = nil, teamID: Int64? = nil,
        tags: [String] = [], customFields: [String: CustomFieldValue] = [:], mergedIntoID: Int64? = nil,
        followUpOfID: Int64? = nil, createdAt: Date, updatedAt: Date, firstResponseAt: Date? = nil,
        solvedAt: Date? = nil, waitingSince: Date? = nil, reopenCount: Int = 0, lastMessagePreview: String = "",
        messageCount: Int = 0
    ) {
        self.id = id
        self.accountID = accountID
        self.number = number
        self.subject = subject
        self.status = status
        self.priority = priority
        self.type = type
        self.channel = channel
        self.inboxID = inboxID
        self.requesterID = requesterID
        self.organizationID = organizationID
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.tags = tags
        self.customFields = customFields
        self.mergedIntoID = mergedIntoID
        self.followUpOfID = followUpOfID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.firstResponseAt = firstResponseAt
        self.solvedAt = solvedAt
        self.waitingSince = waitingSince
        self.reopenCount = reopenCount
        self.lastMessagePreview = lastMessagePreview
        self.messageCount = messageCount
    }
}

/// A custom field's value: JSON scalars only.
public enum CustomFieldValue: Sendable, Codable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a custom field value must be a string, number, boolean or null")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
