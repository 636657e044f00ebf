import Foundation
import SwitchboardCore

/// JSON documents (event payloads, job payloads, custom fields, lists) are stored as TEXT on both databases.
enum JSONText {
    /// Canonical JSON text for `value` (sorted keys).
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `JSONEncoder`'s output with sorted keys and unescaped slashes, dates as seconds since 2001.
    private static let encoder = SortedJSONEncoder()

    /// Canonical JSON text for `value`, byte-for-byte what the generic encoder writes, by ``JSONWriter``.
    static func encode(_ value: JSONValue) throws -> String {
        try JSONWriter.encode(value)
    }

    /// Canonical JSON text for a list of strings (tags), by ``JSONWriter``.
    static func encode(_ value: [String]) -> String {
        JSONWriter.encode(strings: value)
    }

    /// Decodes `text`; stored JSON that does not decode is a bug, reported as an internal error.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw SwitchboardError(.internalError, "stored JSON could not be read")
        }
    }
}
