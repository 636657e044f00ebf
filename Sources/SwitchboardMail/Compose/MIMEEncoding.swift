import Foundation

/// The encoders the composer uses: RFC 2047 encoded words, RFC 2231 parameters, quoted-printable and base64,
/// all producing lines of at most 76 characters (far under the 998 limit of RFC 5322).
enum MIMEEncoding {
    static let hex = Array("0123456789ABCDEF".utf8)

    /// Whether `text` can go into a header as it is: printable ASCII only.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f } && !text.contains("=?")
    }

    /// `text` as RFC 2047 `=?UTF-8?B?…?=` words separated by folding whitespace, each at most 64 characters
    /// and never splitting a character.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(base64(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(base64(chunk))?=") }
        return words.joined(separator: "\r\n ")
    }

    /// An unstructured header value (Subject): as is when plain, else encoded words; control characters removed.
    static func unstructured(_ text: String) -> String {
        let clean = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.map(Character.init))
        return isPlainHeaderText(clean) ? fold(clean) : encodedWords(clean)
    }

    /// Folds a plain header value at spaces so no line exceeds 78 characters (when it has spaces).
    static func fold(_ value: String, firstLineUsed: Int = 10) -> String {
        var lines: [String] = []
        var current = ""
        var limit = 78 - firstLineUsed
        for word in value.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > limit {
                lines.append(current)
                current = String(word)
                limit = 77
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// A mailbox: `"Name" <a@b>`, the name quoted or encoded as needed.
    static func mailbox(_ address: MailAddress) -> String {
        let email = String(String.UnicodeScalarView(address.address.unicodeScalars.filter {
            $0.value > 0x20 && $0.value != 0x7f && $0 != "<" && $0 != ">"
        }))
        guard let name = address.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return "<\(email)>" }
        if isPlainHeaderText(name) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(email)>"
        }
        return "\(encodedWords(name)) <\(email)>"
    }

    /// A `name` parameter: `name="plain"` for printable ASCII, else RFC 2231 `name*=UTF-8''percent-encoded`
    /// preceded by an ASCII fallback `name="…"`.
    static func parameter(_ key: String, _ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f }
        let fallback = String(value.unicodeScalars.map { scalar -> Character in
            scalar.value >= 0x20 && scalar.value < 0x7f && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        if plain { return "\(key)=\"\(fallback)\"" }
        var encoded = ""
        for byte in value.utf8 {
            let isSafe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)
                || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            if isSafe {
                encoded.append(Character(UnicodeScalar(byte)))
            } else {
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return "\(key)=\"\(fallback)\";\r\n \(key)*=UTF-8''\(encoded)"
    }

    /// Standard base64 without line breaks.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)],
                    alphabet[Int(value >> 6 & 63)], alphabet[Int(value & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let value = UInt32(bytes[index]) << 16
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], 61, 61]
        } else if rest == 2 {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)],
                    alphabet[Int(value >> 6 & 63)], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64 in lines of 76 characters, CRLF-terminated.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(base64(bytes).utf8)
        var lines: [String] = []
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// Quoted-printable (RFC 2045 6.7) of UTF-8 text: line breaks become CRLF, lines are soft-broken at 76.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output = ""
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            let bytes = Array(line.utf8)
            for (offset, byte) in bytes.enumerated() {
                let isLast = offset == bytes.count - 1
                var token: String
                if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast) {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = "=" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
                }
                // A dot at the start of a line is encoded so that no transport has to stuff it.
                if current.isEmpty && byte == UInt8(ascii: ".") { token = "=2E" }
                if current.utf8.count + token.utf8.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            output += current + "\r\n"
        }
        return output
    }

    /// Whether text can be sent as 7bit: ASCII, no NUL or bare CR, lines of at most 998 bytes.
    static func isSevenBitClean(_ text: String) -> Bool {
        var length = 0
        for byte in text.utf8 {
            if byte >= 0x80 || byte == 0 || byte == 13 { return false }
            if byte == 10 {
                length = 0
            } else {
                length += 1
                if length > 998 { return false }
            }
        }
        return true
    }
}
