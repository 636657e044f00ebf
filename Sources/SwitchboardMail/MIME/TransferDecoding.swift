/// Content-Transfer-Encoding decoders (RFC 2045 §6, plus uuencode). All are linear, never fail, and
/// tolerate the damage real mail carries: junk characters, missing padding, bad soft line breaks.
public enum TransferDecoding {
    /// Decodes base64, skipping any byte outside the alphabet and stopping at the first `=` padding
    /// group; a final partial group of 2 or 3 characters is decoded as if it were padded.
    public static func base64(_ input: some Collection<UInt8>) -> [UInt8] {
        base64Reporting(input).bytes
    }

    /// Decodes base64 like ``base64(_:)`` and counts the characters outside the alphabet (other than
    /// whitespace) that occurred before the padding.
    public static func base64Reporting(_ input: some Collection<UInt8>) -> (bytes: [UInt8], junk: Int) {
        var junk = 0
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4 + 3)
        var accumulator: UInt32 = 0
        var count = 0
        var sawPadding = false
        for byte in input {
            let value = base64Value[Int(byte)]
            if value == 0xFF {
                if byte == UInt8(ascii: "=") && count >= 2 {
                    sawPadding = true
                } else if !sawPadding && byte != 0x20 && byte != 0x09 && byte != 0x0D && byte != 0x0A
                            && byte != UInt8(ascii: "=") {
                    junk += 1
                }
                continue
            }
            if sawPadding {
                // Data after padding: concatenated base64 blocks. Flush and restart.
                flush(&output, accumulator, count)
                accumulator = 0
                count = 0
                sawPadding = false
            }
            accumulator = (accumulator << 6) | UInt32(value)
            count += 1
            if count == 4 {
                output.append(UInt8((accumulator >> 16) & 0xFF))
                output.append(UInt8((accumulator >> 8) & 0xFF))
                output.append(UInt8(accumulator & 0xFF))
                accumulator = 0
                count = 0
            }
        }
        flush(&output, accumulator, count)
        return (output, junk)
    }

    private static func flush(_ output: inout [UInt8], _ accumulator: UInt32, _ count: Int) {
        switch count {
        case 2:
            output.append(UInt8((accumulator >> 4) & 0xFF))
        case 3:
            output.append(UInt8((accumulator >> 10) & 0xFF))
            output.append(UInt8((accumulator >> 2) & 0xFF))
        default:
            break
        }
    }

    private static let base64Value: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        // base64url alphabet, seen in the wild.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes quoted-printable. `=XX` becomes a byte, `=` at the end of a line is a soft break, an
    /// invalid `=` sequence is kept literally, and trailing whitespace on a line is removed (RFC 2045).
    /// With `header` set, `_` decodes to a space (RFC 2047 "Q" encoding).
    public static func quotedPrintable(_ input: some Collection<UInt8>, header: Bool = false) -> [UInt8] {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        var pendingSpaces = 0 // spaces/tabs not yet written: dropped if the line ends here
        var pendingStart = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if pendingSpaces == 0 { pendingStart = index }
                pendingSpaces += 1
                index += 1
                continue
            }
            if byte == 0x0D || byte == 0x0A {
                pendingSpaces = 0 // trailing whitespace before a hard break is removed
                if byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A {
                    output.append(0x0D)
                    output.append(0x0A)
                    index += 2
                } else {
                    output.append(byte)
                    index += 1
                }
                continue
            }
            if pendingSpaces > 0 {
                output.append(contentsOf: bytes[pendingStart..<(pendingStart + pendingSpaces)])
                pendingSpaces = 0
            }
            if byte == UInt8(ascii: "=") {
                // Soft line break: "=" followed by optional whitespace then a line end (or the end).
                var look = index + 1
                while look < count && (bytes[look] == 0x20 || bytes[look] == 0x09) { look += 1 }
                if look >= count {
                    index = look
                    continue
                }
                if bytes[look] == 0x0A {
                    index = look + 1
                    continue
                }
                if bytes[look] == 0x0D {
                    index = look + 1
                    if index < count && bytes[index] == 0x0A { index += 1 }
                    continue
                }
                if index + 2 < count,
                   let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                output.append(byte) // invalid escape: keep the "=" literally
                index += 1
                continue
            }
            if header && byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else {
                output.append(byte)
            }
            index += 1
        }
        if pendingSpaces > 0 { output.append(contentsOf: bytes[pendingStart..<(pendingStart + pendingSpaces)]) }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// Decodes a uuencoded body: the lines between `begin MODE NAME` and `end` (all lines when there is
    /// no `begin`). Returns the bytes and the file name from the `begin` line, if any.
    public static func uuencode(_ input: some Collection<UInt8>) -> (bytes: [UInt8], filename: String?) {
        let lines = ByteLines.split(Array(input))
        var output: [UInt8] = []
        var filename: String?
        // Without a "begin" line (some mailers strip it) every line is data.
        var started = !lines.contains { $0.starts(with: Array("begin ".utf8)) }
        for line in lines {
            if !started {
                if line.starts(with: Array("begin".utf8)) {
                    started = true
                    let text = String(decoding: line, as: UTF8.self)
                    let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                    if fields.count == 3 { filename = fields[2].trimmingASCIIWhitespace() }
                }
                continue
            }
            if line.elementsEqual("end".utf8) || line.starts(with: Array("end ".utf8)) { break }
            guard let first = line.first else { continue }
            let length = Int((first &- 0x20) & 0x3F)
            if length == 0 { continue }
            var produced = 0
            var index = line.startIndex + 1
            while produced < length && index < line.endIndex {
                var group = [UInt8](repeating: 0, count: 4)
                for slot in 0..<4 {
                    let position = index + slot
                    group[slot] = position < line.endIndex ? (line[position] &- 0x20) & 0x3F : 0
                }
                let decoded: [UInt8] = [
                    group[0] << 2 | group[1] >> 4,
                    (group[1] << 4) | (group[2] >> 2),
                    (group[2] << 6) | group[3],
                ]
                for byte in decoded where produced < length {
                    output.append(byte)
                    produced += 1
                }
                index += 4
            }
        }
        return (output, filename)
    }
}

/// Splitting bytes into lines on LF, CRLF or a bare CR.
enum ByteLines {
    /// The lines of `bytes`, without their line endings.
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                lines.append(bytes[start..<index])
                index += 1
                start = index
            } else if byte == 0x0D {
                lines.append(bytes[start..<index])
                index += 1
                if index < bytes.count && bytes[index] == 0x0A { index += 1 }
                start = index
            } else {
                index += 1
            }
        }
        if start < bytes.count { lines.append(bytes[start..<bytes.count]) }
        return lines
    }

    /// `bytes` with every CRLF and bare CR turned into LF.
    static func normalizeToLF(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var previousCR = false
        for byte in bytes {
            if byte == 0x0D {
                output.append(0x0A)
                previousCR = true
                continue
            }
            if byte == 0x0A && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            output.append(byte)
        }
        return output
    }
}
