import Foundation
import SwitchboardCore

/// Writes JSON text byte-for-byte as ``JSONText/encode(_:)`` does for these values (sorted keys, slashes not
/// escaped, whole numbers without a fraction) but without `JSONEncoder`, which dominates a bulk load's CPU time.
/// ``BulkLoader`` uses it for event payloads and tag lists; its equivalence test compares the stored rows with the
/// normal write path's.
enum BenchJSON {
    static func encode(_ value: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

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

    private static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number):
            if number.rounded() == number, abs(number) < 9.0e15 {
                out += String(Int64(number))
            } else {
                out += "\(number)"
            }
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(object[key] ?? .null, into: &out)
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
