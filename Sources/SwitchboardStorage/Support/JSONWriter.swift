import Foundation
import SwitchboardCore

/// Writes JSON text byte-for-byte as `JSONEncoder` with sorted keys and unescaped slashes does (whole numbers
/// without a fraction), without its cost: ``JSONText`` uses it for every ``JSONValue`` (event payloads) and string
/// list (tags), the bulk loader too. At 1M tickets `JSONEncoder` was ~5% of a ticket create's CPU time.
enum JSONWriter {
    /// `value` as JSON text; throws `EncodingError.invalidValue` for a number that is not finite, as `JSONEncoder`
    /// does (JSON has no NaN or infinity).
    static func encode(_ value: JSONValue) throws -> String {
        var out = ""
        out.reserveCapacity(256)
        try write(value, into: &out)
        return out
    }

    /// A list of strings as a JSON array.
    static func encode(strings: [String]) -> String {
        var out = "["
        for (index, item) in strings.enumerated() {
            if index > 0 { out += "," }
            writeString(item, into: &out)
        }
        return out + "]"
    }

    /// The empty JSON object (an empty custom-fields map).
    static let emptyObject = "{}"

    private static func write(_ value: JSONValue, into out: inout String) throws {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number):
            guard number.isFinite else {
                throw EncodingError.invalidValue(
                    number, EncodingError.Context(codingPath: [], debugDescription: "JSON has no \(number)"))
            }
            if number.rounded() == number, abs(number) < 9.0e15 {
                out += String(Int64(number))
            } else {
                // Swift's shortest round-trip form, as JSONEncoder writes it: `9000000000000000.0` loses its `.0`.
                let text = "\(number)"
                out += text.hasSuffix(".0") ? String(text.dropLast(2)) : text
            }
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                try write(item, into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            // JSONEncoder's `.sortedKeys` order is the keys' UTF-8 bytes.
            let keys = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                try write(object[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        out += "\""
    }
}
