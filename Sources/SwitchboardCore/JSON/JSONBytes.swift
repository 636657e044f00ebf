import Foundation

/// The pieces of JSON text as Foundation's `JSONEncoder` writes them with `.withoutEscapingSlashes`: strings with
/// only `"`, `\` and control characters escaped (`\b \t \n \f \r` short, the rest as `\u00xx`), numbers in Swift's
/// shortest round-trip form without a trailing `.0`. ``SortedJSONEncoder`` and the storage's `JSONWriter` write
/// through it; `SortedJSONEncoderTests` compares the result with `JSONEncoder`'s.
public enum JSONBytes {
    /// Appends `text` as a JSON string, quotes included.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(byte, to: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(0x22)
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(0x5C)
        switch byte {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            out.append(contentsOf: "u00".utf8)
            out.append(contentsOf: Hex.lowercase(CollectionOfOne(byte)).utf8)
        }
    }

    /// Appends a whole number in decimal.
    public static func appendInteger(_ value: some BinaryInteger, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    /// Appends a finite floating-point number as `JSONEncoder` writes it: Swift's shortest round-trip form (`1.5`,
    /// `1e+20`, `1e-07`) without a trailing `.0` (`1`, `-0`). The caller refuses NaN and infinity.
    public static func appendFloatingPoint(_ value: some BinaryFloatingPoint & LosslessStringConvertible,
                                           to out: inout [UInt8]) {
        let text = value.description
        if text.hasSuffix(".0") {
            out.append(contentsOf: text.utf8.dropLast(2))
        } else {
            out.append(contentsOf: text.utf8)
        }
    }

    /// `JSONEncoder`'s `.sortedKeys` order: the keys' UTF-8 bytes compared lexicographically.
    public static func keyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        compareUTF8(lhs, rhs) < 0
    }

    /// The order of two strings' UTF-8 bytes: negative, zero or positive. One `memcmp` of the strings' storage;
    /// comparing `utf8` views element by element was most of the time spent sorting an answer's keys.
    public static func compareUTF8(_ lhs: String, _ rhs: String) -> Int {
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let shared = min(left.count, right.count)
                let order = shared == 0 ? 0 : Int(memcmp(left.baseAddress!, right.baseAddress!, shared))
                return order != 0 ? order : left.count - right.count
            }
        }
    }
}
