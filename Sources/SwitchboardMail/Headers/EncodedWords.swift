/// RFC 2047 encoded-word decoding for header text, tolerant of real-world breakage:
/// encoded words inside quoted strings or glued to other text, multibyte characters split across
/// adjacent words, lower-case `b`/`q`, RFC 2231 language suffixes (`utf-8*en`), and unknown charsets.
public enum EncodedWords {
    private enum Token {
        case raw(ArraySlice<UInt8>)
        case encoded(charset: String, bytes: [UInt8])
    }

    /// Decodes the encoded words in `text`, leaving the rest as it is.
    public static func decode(_ text: String) -> String {
        if !text.contains("=?") { return text }
        return decode(bytes: Array(text.utf8))
    }

    /// Decodes header bytes: encoded words are decoded by their charset, raw 8-bit text as UTF-8
    /// (or Windows-1252 when it is not valid UTF-8).
    public static func decode(bytes: [UInt8], fallbackCharset: String? = nil) -> String {
        let tokens = tokenize(bytes)
        var output = ""
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        var index = 0
        let decoder = CharsetDecoder()
        func flush() {
            if let charset = pendingCharset {
                output += decoder.decode(pendingBytes, charset: charset)
                pendingCharset = nil
                pendingBytes.removeAll(keepingCapacity: true)
            }
        }
        while index < tokens.count {
            switch tokens[index] {
            case .encoded(let charset, let bytes):
                if let pending = pendingCharset, CharsetDecoder.canonicalName(pending)
                    != CharsetDecoder.canonicalName(charset) {
                    flush()
                }
                pendingCharset = charset
                pendingBytes.append(contentsOf: bytes)
            case .raw(let slice):
                let isBlank = slice.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                let nextIsEncoded: Bool = {
                    if index + 1 < tokens.count, case .encoded = tokens[index + 1] { return true }
                    return false
                }()
                if isBlank && pendingCharset != nil && nextIsEncoded {
                    break // whitespace between two encoded words is not displayed (RFC 2047 §6.2)
                }
                flush()
                output += decodeRaw(Array(slice), fallbackCharset: fallbackCharset)
            }
            index += 1
        }
        flush()
        return output
    }

    /// Raw header text: UTF-8 when valid, else the message's charset when known, else Windows-1252.
    static func decodeRaw(_ bytes: [UInt8], fallbackCharset: String?) -> String {
        if let text = CharsetDecoder.strictUTF8(bytes) { return text }
        if let fallbackCharset { return CharsetDecoder().decode(bytes, charset: fallbackCharset) }
        return CharsetDecoder.windows1252(bytes)
    }

    private static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var rawStart = 0
        var index = 0
        let count = bytes.count
        // For each position, where the next "?=" and the next line end are: keeps the scan linear.
        var nextTerminator = [Int](repeating: count, count: count + 1)
        var nextLineEnd = [Int](repeating: count, count: count + 1)
        if count >= 2 {
            for position in stride(from: count - 1, through: 0, by: -1) {
                let isTerminator = position + 1 < count && bytes[position] == UInt8(ascii: "?")
                    && bytes[position + 1] == UInt8(ascii: "=")
                nextTerminator[position] = isTerminator ? position : nextTerminator[position + 1]
                let isLineEnd = bytes[position] == 0x0A || bytes[position] == 0x0D
                nextLineEnd[position] = isLineEnd ? position : nextLineEnd[position + 1]
            }
        }
        while index + 1 < count {
            if bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "?"),
               let (token, end) = parseWord(bytes, at: index, nextTerminator, nextLineEnd) {
                if rawStart < index { tokens.append(.raw(bytes[rawStart..<index])) }
                tokens.append(token)
                index = end
                rawStart = end
            } else {
                index += 1
            }
        }
        if rawStart < count { tokens.append(.raw(bytes[rawStart..<count])) }
        return tokens
    }

    /// Parses `=?charset?enc?text?=` starting at `start`; returns the token and the index after it.
    private static func parseWord(
        _ bytes: [UInt8], at start: Int, _ nextTerminator: [Int], _ nextLineEnd: [Int]
    ) -> (Token, Int)? {
        let count = bytes.count
        var index = start + 2
        let charsetStart = index
        while index < count && bytes[index] != UInt8(ascii: "?") {
            let byte = bytes[index]
            if byte <= 0x20 || byte >= 0x7F || index - charsetStart > 40 { return nil }
            index += 1
        }
        guard index + 2 < count, index > charsetStart, bytes[index + 2] == UInt8(ascii: "?") else { return nil }
        let charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        let encoding = bytes[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        // The text ends at "?=". Broken mailers leave spaces inside the text, so only line ends and
        // an unreasonable length stop the search.
        let textEnd = nextTerminator[textStart]
        guard textEnd + 1 < count, textEnd - textStart <= 4096, nextLineEnd[textStart] > textEnd else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            decoded = TransferDecoding.base64(text)
        } else {
            decoded = TransferDecoding.quotedPrintable(text, header: true)
        }
        return (.encoded(charset: charset, bytes: decoded), textEnd + 2)
    }
}
