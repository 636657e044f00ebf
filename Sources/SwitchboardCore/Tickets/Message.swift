import Foundation

/// What a timeline entry is.
public enum MessageKind: String, Sendable, Codable, CaseIterable {
    /// From the customer.
    case inbound
    /// A public reply from the team to the customer.
    case outbound
    /// An internal note, never shown to the customer.
    case note
    /// A system entry (status changed, merged, …).
    case activity
}

/// Whether an outbound message reached its destination.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Not applicable (inbound, notes) or not yet attempted.
    case none
    case queued
    case sent
    /// Temporary failure; will be retried.
    case deferred
    /// Permanent failure; will not be retried.
    case failed
}

/// Who wrote a message.
public enum AuthorKind: String, Sendable, Codable {
    case user
    case contact
    case system
}

/// One entry on a ticket's timeline.
public struct Message: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var ticketID: Int64
    public var kind: MessageKind
    public var channel: Channel
    public var authorKind: AuthorKind
    /// The user id or contact id of the author, `nil` for system entries.
    public var authorID: Int64?
    /// Plain-text body (always present, derived from HTML when needed).
    public var text: String
    /// Sanitised HTML body, when the message has one.
    public var html: String?
    /// Message-ID (email) or the channel's message id, used for threading and de-duplication.
    public var externalID: String?
    public var deliveryStatus: DeliveryStatus
    /// The reason for a failed or deferred delivery, safe to show to agents.
    public var deliveryError: String?
    public var attachments: [Attachment]
    public var createdAt: Date

    public init(
        id: Int64, accountID: Int64, ticketID: Int64, kind: MessageKind, channel: Channel, authorKind: AuthorKind,
        authorID: Int64?, text: String, html: String? = nil, externalID: String? = nil,
        deliveryStatus: DeliveryStatus = .none, deliveryError: String? = nil, attachments: [Attachment] = [],
        createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.ticketID = ticketID
        self.kind = kind
        self.channel = channel
        self.authorKind = authorKind
        self.authorID = authorID
        self.text = text
        self.html = html
        self.externalID = externalID
        self.deliveryStatus = deliveryStatus
        self.deliveryError = deliveryError
        self.attachments = attachments
        self.createdAt = createdAt
    }
}

/// A file attached to a message. The bytes live on disk by content hash, never in the database.
public struct Attachment: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var messageID: Int64
    public var filename: String
    public var contentType: String
    /// The MIME Content-ID (without angle brackets) for inline images.
    public var contentID: String?
    public var size: Int64
    /// Lower-case hex SHA-256 of the bytes; also their storage key.
    public var sha256: String
    public var isInline: Bool

    public init(
        id: Int64, accountID: Int64, messageID: Int64, filename: String, contentType: String, contentID: String?,
        size: Int64, sha256: String, isInline: Bool
    ) {
        self.id = id
        self.accountID = accountID
        self.messageID = messageID
        self.filename = filename
        self.contentType = contentType
        self.contentID = contentID
        self.size = size
        self.sha256 = sha256
        self.isInline = isInline
    }
}
