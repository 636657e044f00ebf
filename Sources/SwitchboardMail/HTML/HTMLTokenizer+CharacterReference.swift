extension HTMLTokenizer {
    /// Character reference state, entered just after `&`. Appends the decoded text (or the literal characters
    /// when they are not a reference) to `buffer` and advances `pos` past what it consumed.
    mutating func consumeCharacterReference(into buffer: inout [UInt8], inAttribute: Bool) {
        guard pos < input.count else {
            buffer.append(UInt8(ascii: "&"))
            return
        }
        let byte = input[pos]
        if byte == UInt8(ascii: "#") {
            consumeNumericReference(into: &buffer)
        } else if Self.isASCIIAlpha(byte) || Self.isASCIIDigit(byte) {
            consumeNamedReference(into: &buffer, inAttribute: inAttribute)
        } else {
            buffer.append(UInt8(ascii: "&"))
        }
    }

    private mutating func consumeNamedReference(into buffer: inout [UInt8], inAttribute: Bool) {
        let start = pos
        var end = pos
        while end < input.count, end - start < HTMLEntities.longestName,
            Self.isASCIIAlpha(input[end]) || Self.isASCIIDigit(input[end]) {
            end += 1
        }
        let run = Array(input[start..<end])
        let hasSemicolon = end < input.count && input[end] == UInt8(ascii: ";")
        if hasSemicolon, let scalars = HTMLEntities.lookup(Self.string(run) + ";") {
            buffer.append(contentsOf: Array(scalars.utf8))
            pos = end + 1
            return
        }
        // Longest legacy name (no semicolon) that prefixes the run.
        var length = run.count
        while length > 0 {
            if let scalars = HTMLEntities.lookupLegacy(Self.string(run[0..<length])) {
                let next = start + length < input.count ? input[start + length] : nil
                if inAttribute, let next,
                    next == UInt8(ascii: "=") || Self.isASCIIAlpha(next) || Self.isASCIIDigit(next) {
                    // Historical reasons: `&amp=` / `&notit` inside attributes stay literal.
                    buffer.append(UInt8(ascii: "&"))
                    return
                }
                buffer.append(contentsOf: Array(scalars.utf8))
                pos = start + length
                return
            }
            length -= 1
        }
        buffer.append(UInt8(ascii: "&"))  // not a reference: the name is re-read as text
    }

    private mutating func consumeNumericReference(into buffer: inout [UInt8]) {
        var index = pos + 1  // after `#`
        var isHex = false
        if index < input.count, input[index] == UInt8(ascii: "x") || input[index] == UInt8(ascii: "X") {
            isHex = true
            index += 1
        }
        var value: UInt32 = 0
        var digits = 0
        while index < input.count {
            let byte = input[index]
            let digit: UInt32
            if Self.isASCIIDigit(byte) {
                digit = UInt32(byte - 0x30)
            } else if isHex, let hex = Self.hexValue(byte) {
                digit = hex
            } else {
                break
            }
            value = min(value &* (isHex ? 16 : 10) &+ digit, 0x110000)
            digits += 1
            index += 1
        }
        guard digits > 0 else {
            buffer.append(UInt8(ascii: "&"))  // `&#` / `&#x` without digits: literal text
            return
        }
        if index < input.count, input[index] == UInt8(ascii: ";") { index += 1 }
        pos = index
        buffer.append(contentsOf: Array(String(Self.numericReferenceScalar(value)).utf8))
    }

    /// The numeric character reference end state: NUL, surrogates and out-of-range values become U+FFFD,
    /// C1 controls 0x80–0x9F are mapped through Windows-1252 like browsers do.
    static func numericReferenceScalar(_ value: UInt32) -> Unicode.Scalar {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return replacement }
        if value >= 0x80 && value <= 0x9F, let mapped = windows1252[value] {
            return Unicode.Scalar(mapped) ?? replacement
        }
        return Unicode.Scalar(value) ?? replacement
    }

    private static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
        0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
        0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }
}
