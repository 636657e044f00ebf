import Crypto
import Foundation
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// An inbound message parsed and prepared for storage, before any database work: its de-duplication key,
/// bodies cut to the storage limits, sanitised HTML and attachment metadata (the bytes already on disk).
struct InboundMail: Sendable {
    var parsed: ParsedMail
    /// The Message-ID, or for a message without one `sb-noid.<sha256 prefix of the bytes>@switchboard.invalid`,
    /// so that a redelivery is still recognised.
    var externalID: String
    var subject: String
    var text: String
    var html: String?
    var attachments: [NewAttachment]

    /// Where `cid:` images point: `/attachments/sha256/<hash>`. The attachment's row id is only known after the
    /// insert, but its content hash is known before, so the sanitised HTML refers to the content; the server
    /// serves it after checking that the caller's account has an attachment with that hash.
    static func contentURL(sha256: String) -> String { "/attachments/sha256/\(sha256)" }

    /// Parses `raw`, stores its attachments in `store` and prepares the message.
    /// Throws `.tooLarge` over `maxBytes`, `.invalidInput` (`message`) for empty input.
    static func prepare(_ raw: [UInt8], maxBytes: Int, store: AttachmentStore) throws -> InboundMail {
        guard raw.count <= maxBytes else {
            throw SwitchboardError(
                .tooLarge, "the message is \(raw.count) bytes; the limit is \(maxBytes) bytes", field: "message")
        }
        let parsed: ParsedMail
        do {
            parsed = try MailParser(limits: MailParserLimits(maxMessageSize: maxBytes)).parse(raw)
        } catch MailParseError.emptyMessage {
            throw SwitchboardError.invalid("message", "the message is empty")
        } catch {
            throw SwitchboardError(.tooLarge, "the message is larger than the limit", field: "message")
        }
        var attachments: [NewAttachment] = []
        var cidTargets: [String: String] = [:]
        for (index, attachment) in parsed.attachments.enumerated() {
            let hash = try store.store(attachment.data)
            if let cid = attachment.contentID { cidTargets[cid] = contentURL(sha256: hash) }
            attachments.append(NewAttachment(
                filename: fileName(attachment, index: index), contentType: String(attachment.contentType.prefix(255)),
                contentID: attachment.contentID.map { String($0.prefix(255)) }, size: Int64(attachment.size),
                sha256: hash, isInline: attachment.isInline))
        }
        let resolved = cidTargets
        let html = parsed.html.map { raw in
            HTMLSanitizer(options: .init(cidResolver: { resolved[$0] })).sanitize(raw)
        }
        var text = parsed.text ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            text = attachments.isEmpty ? "(no text)" : ""
        }
        return InboundMail(
            parsed: parsed, externalID: externalID(parsed, raw: raw),
            subject: subject(parsed.subject), text: truncated(text, bytes: Validation.maxBodyBytes - 64),
            html: html.map { truncated($0, bytes: 4 * Validation.maxBodyBytes) }, attachments: attachments)
    }

    static func externalID(_ parsed: ParsedMail, raw: [UInt8]) -> String {
        if let id = parsed.messageID?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty,
            id.utf8.count <= 900, !id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
        {
            return id
        }
        let digest = SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
        return "sb-noid.\(digest.prefix(40))@switchboard.invalid"
    }

    static func subject(_ raw: String?) -> String {
        let collapsed = (raw ?? "").split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        let printable = collapsed.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }
        let cleaned = String(String.UnicodeScalarView(printable))
        if cleaned.isEmpty { return "(no subject)" }
        return String(cleaned.prefix(Validation.maxSubjectLength))
    }

    static func fileName(_ attachment: MailAttachment, index: Int) -> String {
        let name = (attachment.filename ?? "").unicodeScalars
            .filter { $0.value >= 0x20 && $0.value != 0x7f && $0 != "/" && $0 != "\\" }
            .map(Character.init)
        let cleaned = String(name).trimmingCharacters(in: .whitespaces)
        if !cleaned.isEmpty { return String(cleaned.prefix(255)) }
        let subtype = attachment.contentType.split(separator: "/").last.map(String.init) ?? "bin"
        let ext = attachment.contentType == "message/rfc822" ? "eml" : String(subtype.prefix(10))
        return "attachment-\(index + 1).\(ext)"
    }

    /// `text` cut to at most `bytes` UTF-8 bytes at a character boundary.
    static func truncated(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var result = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            if count + size > bytes { break }
            result.append(character)
            count += size
        }
        return result
    }
}
