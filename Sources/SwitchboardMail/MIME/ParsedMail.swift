import Foundation

/// A parsed email message: its decoded headers, bodies, attachments and classification.
public struct ParsedMail: Sendable {
    /// The root part: all header fields in order, and the MIME tree.
    public var root: MIMEPart
    /// The top-level header fields, in order (repeated fields kept).
    public var headers: MailHeaders { root.headers }
    /// The first From mailbox, or nil when there is none.
    public var from: MailAddress?
    /// The To addresses.
    public var to: [MailAddress]
    /// The Cc addresses.
    public var cc: [MailAddress]
    /// The Reply-To addresses.
    public var replyTo: [MailAddress]
    /// The decoded Subject, or nil when the header is absent.
    public var subject: String?
    /// The Message-ID without `<>`, or nil.
    public var messageID: String?
    /// The In-Reply-To ids without `<>`.
    public var inReplyTo: [String]
    /// The References ids without `<>`, oldest first.
    public var references: [String]
    /// The Date header as an instant, or nil when absent or unparseable.
    public var date: Date?
    /// The plain-text body: the text/plain parts, or text derived from the HTML body when there is none, or
    /// else the text of a damaged or uncertainly placed text part (which is also among the attachments; see
    /// ``MIMEPart/hasUncertainPlace``).
    /// Nil when the message has no text body at all.
    public var text: String?
    /// The HTML body as it was sent (NOT sanitised), or nil when there is no HTML part. A plain-text message
    /// whose text comes with inline images gets HTML built from its text and `cid:` images
    /// (``BodySelection/inlineImageHTML()``); ``text`` is then still the text as sent.
    public var html: String?
    /// Attachments, inline images and attached messages, in message order. Their file names are distinct:
    /// a name an earlier attachment already has gets a counter before its first dot (`report.pdf` →
    /// `report1.pdf`); the name as sent stays on the part in ``root``.
    public var attachments: [MailAttachment]
    /// Auto-reply classification.
    public var autoReply: AutoReplyInfo
    /// Bounce (delivery status notification) classification.
    public var bounce: BounceInfo
    /// Limits that were hit; non-empty means the result is truncated.
    public var limitsHit: Set<MailParserLimits.Kind>

    /// The attached messages (message/rfc822 parts of the body), parsed.
    public var attachedMessages: [ParsedMail] {
        var result: [ParsedMail] = []
        func walk(_ part: MIMEPart) {
            switch part.body {
            case .message(let nested, _):
                result.append(ParsedMail(root: nested, limitsHit: []))
            case .multipart(let children):
                children.forEach(walk)
            case .single:
                break
            }
        }
        walk(root)
        return result
    }

    /// Builds the message view of a parsed MIME tree.
    init(root: MIMEPart, limitsHit: Set<MailParserLimits.Kind>) {
        self.root = root
        self.limitsHit = limitsHit
        let headers = root.headers
        // Raw 8-bit header bytes that are not UTF-8 are read with a charset the message declares.
        var declared: [String]?
        func charset(for raw: [UInt8]) -> String? {
            guard raw.contains(where: { $0 >= 0x80 }) else { return nil }
            if declared == nil { declared = RawHeaderCharset.declaredCharsets(root) }
            return RawHeaderCharset.choose(raw, declared: declared ?? [])
        }
        func addresses(_ name: String) -> [MailAddress] {
            headers.all(name).flatMap { AddressParser.parse($0.rawValue, fallbackCharset: charset(for: $0.rawValue)) }
                .filter { !$0.address.isEmpty || $0.name != nil }
        }
        // The first From mailbox with a real address; a From without one (`"Name" <>`) falls back to
        // Reply-To and Sender, so that there is someone to answer.
        let hasAddress: (MailAddress) -> Bool = { $0.address.contains("@") }
        let fromList = addresses("From")
        from = fromList.first(where: hasAddress) ?? addresses("Reply-To").first(where: hasAddress)
            ?? addresses("Sender").first(where: hasAddress) ?? fromList.first
        to = addresses("To")
        cc = addresses("Cc")
        replyTo = addresses("Reply-To")
        subject = headers.first("Subject").map { $0.decodedValue(fallbackCharset: charset(for: $0.rawValue)) }
        messageID = headers["Message-ID"].flatMap { MessageIDParser.parse($0).first }
        inReplyTo = headers["In-Reply-To"].map(MessageIDParser.parse) ?? []
        references = headers.all("References").flatMap { MessageIDParser.parse($0.value) }
        date = headers["Date"].flatMap(DateParser.parse)
        let selection = BodySelection(root: root)
        let texts = selection.textParts.compactMap(\.text)
        let htmls = selection.htmlParts.compactMap(\.text)
        html = htmls.isEmpty ? selection.inlineImageHTML() : htmls.joined(separator: "\n")
        if !texts.isEmpty {
            text = texts.joined(separator: "\n")
        } else if let html {
            text = HTMLText.plainText(from: html)
        } else if let damaged = selection.damagedTextParts.first, let damagedText = damaged.text {
            // Only a damaged or uncertainly placed text part: still show what arrived.
            text = damaged.mimeType == "text/html" ? HTMLText.plainText(from: damagedText) : damagedText
        } else {
            text = nil
        }
        attachments = AttachmentNames.distinct(selection.attachments)
        autoReply = AutoReplyDetector.detect(headers: headers, subject: subject)
        bounce = BounceDetector.detect(root: root, headers: headers, subject: subject, text: text ?? "")
        // Reports generated by mail systems are automatic messages too: never answer them.
        if !autoReply.isAuto {
            if bounce.isBounce {
                autoReply = AutoReplyInfo(isAuto: true, reason: "delivery-status-notification")
            } else if BounceDetector.findPart(root, types: ["message/feedback-report"]) != nil {
                autoReply = AutoReplyInfo(isAuto: true, reason: "feedback-report")
            } else if BounceDetector.findPart(root, types: ["message/delivery-status"]) != nil {
                autoReply = AutoReplyInfo(isAuto: true, reason: "delivery-status-notification")
            }
        }
    }
}
