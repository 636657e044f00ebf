import Foundation

/// Encodes an ``OutgoingMail`` as an RFC 5322 / MIME message: `multipart/alternative` (text and HTML) inside
/// `multipart/mixed` when there are attachments; headers RFC 2047-encoded where needed, file names as RFC 2231
/// parameters, bodies 7bit when clean else quoted-printable, attachments base64; every line CRLF-terminated and
/// at most 78 characters (headers with long unbreakable words excepted, still far under 998).
public enum MailComposer {
    /// The message bytes. `boundarySeed` makes boundaries deterministic (tests); by default they are random.
    public static func compose(_ mail: OutgoingMail, boundarySeed: String? = nil) -> [UInt8] {
        var headers: [(String, String)] = [
            ("Date", rfc5322Date(mail.date)),
            ("From", MIMEEncoding.mailbox(mail.from)),
        ]
        if !mail.to.isEmpty { headers.append(("To", mail.to.map(MIMEEncoding.mailbox).joined(separator: ",\r\n "))) }
        if !mail.cc.isEmpty { headers.append(("Cc", mail.cc.map(MIMEEncoding.mailbox).joined(separator: ",\r\n "))) }
        if let replyTo = mail.replyTo { headers.append(("Reply-To", MIMEEncoding.mailbox(replyTo))) }
        headers.append(("Subject", MIMEEncoding.unstructured(mail.subject)))
        headers.append(("Message-ID", "<\(clean(mail.messageID))>"))
        if let inReplyTo = mail.inReplyTo { headers.append(("In-Reply-To", "<\(clean(inReplyTo))>")) }
        if !mail.references.isEmpty {
            let ids = mail.references.suffix(20).map { "<\(clean($0))>" }
            headers.append(("References", ids.joined(separator: "\r\n ")))
        }
        if mail.isAutomatic {
            headers.append(("Auto-Submitted", "auto-replied"))
            headers.append(("X-Auto-Response-Suppress", "All"))
        }
        headers.append(("MIME-Version", "1.0"))

        var counter = 0
        func boundary() -> String {
            counter += 1
            let seed = boundarySeed ?? UUID().uuidString.replacingOccurrences(of: "-", with: "")
            return "=_sb_\(seed)_\(counter)"
        }
        let body: Entity
        let alternative = textEntity(mail.text, html: mail.html, boundary: boundary)
        if mail.attachments.isEmpty {
            body = alternative
        } else {
            body = Entity.multipart(
                "mixed", boundary: boundary(), parts: [alternative] + mail.attachments.map(attachmentEntity))
        }
        var output = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        output += body.rendered()
        return Array(output.utf8)
    }

    /// One MIME entity: its headers and body text, both already encoded.
    struct Entity {
        var headers: [(String, String)]
        var body: String

        static func multipart(_ subtype: String, boundary: String, parts: [Entity]) -> Entity {
            var body = "This is a multi-part message in MIME format.\r\n"
            for part in parts { body += "\r\n--\(boundary)\r\n" + part.rendered() }
            body += "\r\n--\(boundary)--\r\n"
            return Entity(headers: [("Content-Type", "multipart/\(subtype);\r\n boundary=\"\(boundary)\"")], body: body)
        }

        func rendered() -> String {
            headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n" + body
        }
    }

    static func textEntity(_ text: String, html: String?, boundary: () -> String) -> Entity {
        let plain = textPart(text, subtype: "plain")
        guard let html else { return plain }
        return Entity.multipart("alternative", boundary: boundary(), parts: [plain, textPart(html, subtype: "html")])
    }

    static func textPart(_ text: String, subtype: String) -> Entity {
        if MIMEEncoding.isSevenBitClean(text) && !text.contains("\n.") && !text.hasPrefix(".") {
            let body = text.replacingOccurrences(of: "\n", with: "\r\n")
            return Entity(
                headers: [("Content-Type", "text/\(subtype); charset=utf-8"), ("Content-Transfer-Encoding", "7bit")],
                body: body.hasSuffix("\r\n") ? body : body + "\r\n")
        }
        return Entity(
            headers: [
                ("Content-Type", "text/\(subtype); charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable"),
            ],
            body: MIMEEncoding.quotedPrintable(text))
    }

    static func attachmentEntity(_ attachment: OutgoingAttachment) -> Entity {
        let type = attachment.contentType.contains("/") && MIMEEncoding.isPlainHeaderText(attachment.contentType)
            ? attachment.contentType.lowercased() : "application/octet-stream"
        var headers: [(String, String)] = [
            ("Content-Type", "\(type);\r\n \(MIMEEncoding.parameter("name", attachment.filename))"),
            ("Content-Transfer-Encoding", "base64"),
            ("Content-Disposition",
             "\(attachment.isInline ? "inline" : "attachment");\r\n "
                + MIMEEncoding.parameter("filename", attachment.filename)),
        ]
        if let contentID = attachment.contentID { headers.append(("Content-ID", "<\(clean(contentID))>")) }
        return Entity(headers: headers, body: MIMEEncoding.base64Lines(attachment.data))
    }

    static func clean(_ id: String) -> String {
        id.filter { $0 != "<" && $0 != ">" && !$0.isWhitespace && $0.isASCII }
    }

    /// `Mon, 23 Nov 2026 01:02:03 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
