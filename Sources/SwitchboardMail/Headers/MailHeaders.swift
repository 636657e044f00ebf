/// One header field as it appeared in the message.
public struct HeaderField: Sendable, Hashable {
    /// The field name with its original case.
    public var name: String
    /// The raw value bytes, unfolded (line breaks before continuation whitespace removed), without the
    /// leading space after the colon.
    public var rawValue: [UInt8]

    /// Creates a field.
    public init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value as text: UTF-8, or Windows-1252 for 8-bit bytes that are not UTF-8. Not RFC 2047-decoded.
    public var value: String { CharsetDecoder.fallback(rawValue).text }

    /// The value with surrounding whitespace removed, then RFC 2047 encoded words decoded (whitespace
    /// inside encoded words is kept).
    public var decodedValue: String { decodedValue(fallbackCharset: nil) }

    /// Like ``decodedValue``, decoding raw 8-bit bytes that are not UTF-8 with `fallbackCharset`
    /// (typically the message's body charset) instead of Windows-1252.
    public func decodedValue(fallbackCharset: String?) -> String {
        EncodedWords.decode(bytes: Self.trimmed(rawValue), fallbackCharset: fallbackCharset)
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return Array(bytes[first...last])
    }
}

/// The header fields of a message or body part, in order. Lookups ignore case; repeated fields are kept.
public struct MailHeaders: Sendable, Hashable, Sequence {
    /// All fields in message order.
    public private(set) var fields: [HeaderField] = []
    private var index: [String: [Int]] = [:]

    /// Creates an empty header block.
    public init() {}

    /// Creates a header block from fields.
    public init(_ fields: [HeaderField]) {
        for field in fields { append(field) }
    }

    /// Appends a field.
    public mutating func append(_ field: HeaderField) {
        index[field.name.lowercased(), default: []].append(fields.count)
        fields.append(field)
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The first field named `name` (any case), or nil when there is none.
    public func first(_ name: String) -> HeaderField? {
        guard let position = index[name.lowercased()]?.first else { return nil }
        return fields[position]
    }

    /// Every field named `name` (any case), in order.
    public func all(_ name: String) -> [HeaderField] {
        (index[name.lowercased()] ?? []).map { fields[$0] }
    }

    /// The first value of `name` as text (not RFC 2047-decoded), or nil when absent.
    public subscript(_ name: String) -> String? { first(name)?.value }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[HeaderField]> { fields.makeIterator() }
}
