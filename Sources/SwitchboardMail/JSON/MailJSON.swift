import Foundation

/// The stable JSON shape of a parsed message (snake_case keys). Build it with
/// ``ParsedMail/json(sanitizer:)``, which sanitises the HTML body; encode it with `JSONEncoder`.
public struct MailJSON: Encodable, Sendable {
    /// One address.
    public struct Address: Encodable, Sendable, Hashable {
        /// The address, `""` when the header held only a name.
        public var address: String
        /// The display name, or null.
        public var name: String?
    }

    /// One attachment's metadata (the bytes are not part of the JSON).
    public struct Attachment: Encodable, Sendable, Hashable {
        /// The decoded file name, or null.
        public var filename: String?
        /// `type/subtype`, lower-cased.
        public var contentType: String
        /// The Content-ID without `<>`, or null.
        public var contentID: String?
        /// Decoded size in bytes.
        public var size: Int
        /// Lower-case hex SHA-256 of the decoded bytes.
        public var sha256: String
        /// Whether the part is shown inline (e.g. a `cid:` image).
        public var inline: Bool

        enum CodingKeys: String, CodingKey {
            case filename
            case contentType = "content_type"
            case contentID = "content_id"
            case size, sha256, inline
        }
    }

    /// The Message-ID without `<>`, or null.
    public var messageID: String?
    /// In-Reply-To ids without `<>`.
    public var inReplyTo: [String]
    /// References ids without `<>`, oldest first.
    public var references: [String]
    /// ISO 8601 in UTC, or null.
    public var date: String?
    /// The sender, or null.
    public var from: Address?
    /// To addresses.
    public var to: [Address]
    /// Cc addresses.
    public var cc: [Address]
    /// Reply-To addresses.
    public var replyTo: [Address]
    /// The decoded subject, or null when absent.
    public var subject: String?
    /// The plain-text body (derived from the HTML when there is no text part), or null.
    public var text: String?
    /// The sanitised HTML body, or null.
    public var html: String?
    /// Attachment metadata, in message order.
    public var attachments: [Attachment]
    /// Auto-reply classification.
    public var autoReply: AutoReplyInfo
    /// Bounce classification.
    public var bounce: BounceInfo

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case inReplyTo = "in_reply_to"
        case references, date, from, to, cc
        case replyTo = "reply_to"
        case subject, text, html, attachments
        case autoReply = "auto_reply"
        case bounce
    }

    /// Builds the JSON view of `mail`, passing the HTML body through `sanitizeHTML`.
    public init(_ mail: ParsedMail, sanitizeHTML: (String) -> String) {
        func convert(_ address: MailAddress) -> Address { Address(address: address.address, name: address.name) }
        messageID = mail.messageID
        inReplyTo = mail.inReplyTo
        references = mail.references
        date = mail.date.map { $0.formatted(.iso8601) }
        from = mail.from.map(convert)
        to = mail.to.map(convert)
        cc = mail.cc.map(convert)
        replyTo = mail.replyTo.map(convert)
        subject = mail.subject
        text = mail.text
        html = mail.html.map(sanitizeHTML)
        attachments = mail.attachments.map {
            Attachment(filename: $0.filename, contentType: $0.contentType, contentID: $0.contentID, size: $0.size,
                       sha256: $0.sha256, inline: $0.isInline)
        }
        autoReply = mail.autoReply
        bounce = mail.bounce
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Nulls are written explicitly so the shape is the same for every message.
        try container.encode(messageID, forKey: .messageID)
        try container.encode(inReplyTo, forKey: .inReplyTo)
        try container.encode(references, forKey: .references)
        try container.encode(date, forKey: .date)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(cc, forKey: .cc)
        try container.encode(replyTo, forKey: .replyTo)
        try container.encode(subject, forKey: .subject)
        try container.encode(text, forKey: .text)
        try container.encode(html, forKey: .html)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(autoReply, forKey: .autoReply)
        try container.encode(bounce, forKey: .bounce)
    }
}

extension MailJSON.Address {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(name, forKey: .name)
    }
    enum CodingKeys: String, CodingKey { case address, name }
}

extension MailJSON.Attachment {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(filename, forKey: .filename)
        try container.encode(contentType, forKey: .contentType)
        try container.encode(contentID, forKey: .contentID)
        try container.encode(size, forKey: .size)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(inline, forKey: .inline)
    }
}
