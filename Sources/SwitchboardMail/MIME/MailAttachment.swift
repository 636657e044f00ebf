#if canImport(Crypto)
import Crypto
#endif

/// A body part that is not part of the message text: a file, an inline image, an attached message.
public struct MailAttachment: Sendable {
    /// The decoded file name, or nil when the part names none. Within one ``ParsedMail`` the names are
    /// distinct (compared ignoring case): a repeated name is numbered, `report.pdf` → `report1.pdf`.
    public var filename: String?
    /// `type/subtype`, lower-cased.
    public var contentType: String
    /// The Content-ID without `<>`, or nil.
    public var contentID: String?
    /// Whether the part is meant to be shown inline (Content-Disposition inline, or a Content-ID
    /// without a disposition, as for images referenced by `cid:` URLs).
    public var isInline: Bool
    /// The decoded bytes (transfer encoding removed). For an attached message, the message itself.
    public var data: [UInt8]
    /// The charset parameter, if any.
    public var charset: String?

    /// The number of decoded bytes.
    public var size: Int { data.count }

    /// Lower-case hex SHA-256 of the decoded bytes.
    public var sha256: String { Digest.sha256Hex(data) }
}
