import Foundation

/// A message to send, before encoding.
public struct OutgoingMail: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    /// Our Message-ID, without `<>`.
    public var messageID: String
    /// The message this one answers, without `<>`.
    public var inReplyTo: String?
    /// The thread, oldest first, without `<>`.
    public var references: [String]
    public var date: Date
    public var text: String
    public var html: String?
    public var attachments: [OutgoingAttachment]
    /// Sent by the system, not a person: adds `Auto-Submitted: auto-replied` (RFC 3834).
    public var isAutomatic: Bool

    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: MailAddress? = nil, subject: String,
        messageID: String, inReplyTo: String? = nil, references: [String] = [], date: Date, text: String,
        html: String? = nil, attachments: [OutgoingAttachment] = [], isAutomatic: Bool = false
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.text = text
        self.html = html
        self.attachments = attachments
        self.isAutomatic = isAutomatic
    }
}

/// A file to attach.
public struct OutgoingAttachment: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    /// Content-ID without `<>`, for inline images.
    public var contentID: String?
    public var isInline: Bool
    public var data: [UInt8]

    public init(filename: String, contentType: String, contentID: String? = nil, isInline: Bool = false,
                data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.contentID = contentID
        self.isInline = isInline
        self.data = data
    }
}
