/// Bounds on the work and memory one parse may use. Each limit has a documented behaviour when hit:
///
/// | limit | when exceeded |
/// |---|---|
/// | `maxMessageSize` | `parse` throws ``MailParseError/messageTooLarge(size:limit:)`` before any work |
/// | `maxHeaderCount` | further fields of that header block are ignored (truncated output) |
/// | `maxHeaderLineLength` | the field's value is cut at that many bytes (truncated output) |
/// | `maxNestingDepth` | a deeper multipart or message is kept as one opaque part (truncated output) |
/// | `maxPartCount` | further body parts are skipped (truncated output) |
///
/// A truncated result says which limits it hit in ``ParsedMail/limitsHit``.
public struct MailParserLimits: Sendable, Hashable {
    /// Largest accepted input in bytes. Default 64 MiB.
    public var maxMessageSize: Int
    /// Most header fields kept per header block. Default 2,000.
    public var maxHeaderCount: Int
    /// Most bytes kept of one (unfolded) header field value. Default 64 KiB.
    public var maxHeaderLineLength: Int
    /// Deepest nesting of multiparts and attached messages that is parsed. Default 32.
    public var maxNestingDepth: Int
    /// Most body parts (of all kinds, at all depths) that are parsed. Default 1,000.
    public var maxPartCount: Int

    /// Creates limits; every argument has a safe default.
    public init(
        maxMessageSize: Int = 64 << 20,
        maxHeaderCount: Int = 2_000,
        maxHeaderLineLength: Int = 64 << 10,
        maxNestingDepth: Int = 32,
        maxPartCount: Int = 1_000
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxNestingDepth = maxNestingDepth
        self.maxPartCount = maxPartCount
    }

    /// The name of one limit, as reported in ``ParsedMail/limitsHit``.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case headerCount = "header_count"
        case headerLineLength = "header_line_length"
        case nestingDepth = "nesting_depth"
        case partCount = "part_count"
    }
}

/// Why a message could not be parsed at all.
public enum MailParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is larger than ``MailParserLimits/maxMessageSize``.
    case messageTooLarge(size: Int, limit: Int)
    /// The input is empty.
    case emptyMessage

    public var description: String {
        switch self {
        case .messageTooLarge(let size, let limit):
            return "message of \(size) bytes is larger than the limit of \(limit) bytes"
        case .emptyMessage:
            return "message is empty"
        }
    }
}
