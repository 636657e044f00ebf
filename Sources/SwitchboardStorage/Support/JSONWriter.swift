import Foundation
import SwitchboardCore

/// Writes JSON text byte-for-byte as `JSONEncoder` with sorted keys and unescaped slashes does (whole numbers
/// without a fraction), without its cost: ``JSONText`` uses it for every ``JSONValue`` (event payloads) and string
/// list (tags), the bulk loader too. At 1M tickets `JSONEncoder` was ~5% of a ticket create's CPU time. Strings and
/// numbers are written by Core's `JSONBytes`, as `SortedJSONEncoder` writes them.
enum JSONWriter {
    /// `value` as JSON text; throws `EncodingError.invalidValue` for a number that is not finite, as `JSONEncoder`
    /// does (JSON has no NaN or infinity).
    static func encode(_ value: JSONValue) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A list of strings as a JSON array.
    static func encode(strings: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONBytes.appendString(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The empty JSON object (an empty custom-fields map).
    static let emptyObject = "{}"

    private static func write(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            guard number.isFinite else {
                throw EncodingError.invalidValue(
                    number, EncodingError.Context(codingPath: [], debugDescription: "JSON has no \(number)"))
            }
            if number.rounded() == number, abs(number) < 9.0e15 {
                JSONBytes.appendInteger(Int64(number), to: &out)
            } else {
                JSONBytes.appendFloatingPoint(number, to: &out)
            }
        case .string(let text): JSONBytes.appendString(text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted(by: JSONBytes.keyPrecedes).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                try write(object[key] ?? .null, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
