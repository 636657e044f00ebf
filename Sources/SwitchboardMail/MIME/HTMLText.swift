/// Derives readable plain text from HTML for mail that has no text/plain body: removes tags,
/// scripts, styles and comments, decodes character references, and keeps paragraph and line breaks.
/// This is not a sanitiser; it only produces text.
public enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote",
        "pre", "hr", "ul", "ol", "section", "article", "header", "footer", "address", "dl", "dt", "dd",
    ]
    private static let paragraphTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                                                     "blockquote", "ul", "ol", "hr"]
    private static let skippedTags: Set<String> = ["script", "style", "title", "noscript", "template"]

    /// The text of `html`.
    public static func plainText(from html: String) -> String {
        // Works on UTF-8 bytes: every byte that structures HTML (tags, references, whitespace) is ASCII, and the
        // bytes of other characters are copied as they are. Arrays of scalars were a fifth of the parse time.
        let bytes = Array(html.utf8)
        let count = bytes.count
        // Where the next ">" is, so that a "<" without a tag end costs O(1) (no quadratic rescans).
        var nextClose = [Int](repeating: count, count: count + 1)
        if count > 0 {
            for position in stride(from: count - 1, through: 0, by: -1) {
                nextClose[position] = bytes[position] == UInt8(ascii: ">") ? position : nextClose[position + 1]
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(count)
        var index = 0
        var pendingSpace = false
        var newlines = 0 // newlines owed before the next text
        var preDepth = 0
        func emitText(_ byte: UInt8) {
            if newlines > 0 {
                if !output.isEmpty { for _ in 0..<newlines { output.append(0x0A) } }
                newlines = 0
                pendingSpace = false
            } else if pendingSpace {
                if !output.isEmpty { output.append(0x20) }
                pendingSpace = false
            }
            output.append(byte)
        }
        func emitText(_ text: String) {
            for byte in text.utf8 { emitText(byte) }
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                // Comment.
                if index + 3 < count, bytes[index + 1] == UInt8(ascii: "!"), bytes[index + 2] == UInt8(ascii: "-"),
                   bytes[index + 3] == UInt8(ascii: "-") {
                    var end = index + 4
                    while end + 2 < count && !(bytes[end] == UInt8(ascii: "-") && bytes[end + 1] == UInt8(ascii: "-")
                                                && bytes[end + 2] == UInt8(ascii: ">")) {
                        end += 1
                    }
                    index = min(count, end + 3)
                    continue
                }
                let tagStart = index
                // Only "<" followed by a letter, "/", "!" or "?" can start a tag; and a tag ends at the
                // next ">". Both checks are O(1), so text full of "<" stays linear.
                let end = nextClose[index]
                if !startsTag(bytes, at: index + 1) || end >= count {
                    emitText(UInt8(ascii: "<"))
                    index = tagStart + 1
                    continue
                }
                let inner = bytes[(index + 1)..<end]
                let isClosing = inner.first == UInt8(ascii: "/")
                let name = tagName(inner)
                index = end + 1
                if name.isEmpty && !isClosing && inner.first != UInt8(ascii: "!") && inner.first != UInt8(ascii: "?") {
                    // Not a tag ("a < b"): keep the text.
                    emitText(UInt8(ascii: "<"))
                    index = tagStart + 1
                    continue
                }
                if skippedTags.contains(name) && !isClosing {
                    // Skip to the matching close tag.
                    let closing = Array("</\(name)".utf8)
                    var scan = index
                    while scan < count {
                        if bytes[scan] == UInt8(ascii: "<"), scan + closing.count <= count {
                            var same = true
                            for (offset, expected) in closing.enumerated()
                            where asciiLowercased(bytes[scan + offset]) != expected {
                                same = false
                                break
                            }
                            if same { break }
                        }
                        scan += 1
                    }
                    while scan < count && bytes[scan] != UInt8(ascii: ">") { scan += 1 }
                    index = min(count, scan + 1)
                    continue
                }
                if name == "pre" { preDepth += isClosing ? -1 : 1; preDepth = max(0, preDepth) }
                if name == "br" {
                    if !output.isEmpty || newlines > 0 { newlines += 1 }
                    if newlines > 2 { newlines = 2 }
                } else if paragraphTags.contains(name) {
                    if !output.isEmpty { newlines = 2 }
                } else if blockTags.contains(name) {
                    if !output.isEmpty { newlines = max(newlines, 1) }
                } else if name == "td" || name == "th" {
                    pendingSpace = true
                } else if name == "img", !isClosing,
                          let alt = attribute("alt", in: String(decoding: inner, as: UTF8.self)), !alt.isEmpty {
                    emitText(decodeEntities(alt))
                }
                continue
            }
            if byte == UInt8(ascii: "&") {
                let (decoded, length) = decodeEntity(bytes, at: index)
                emitText(decoded == "\u{00A0}" ? " " : decoded)
                index += length
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if preDepth > 0 && byte == 0x0A {
                    newlines += 1
                } else {
                    pendingSpace = true
                }
                index += 1
                continue
            }
            emitText(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always)
    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Whether the character at `position` can follow "<" in a tag: a letter, "/", "!" or "?".
    private static func startsTag(_ bytes: [UInt8], at position: Int) -> Bool {
        guard position < bytes.count else { return false }
        let byte = bytes[position]
        if byte < 0x80 {
            let lower = asciiLowercased(byte)
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
        }
        let scalar = String(decoding: bytes[position..<min(bytes.count, position + 4)], as: UTF8.self)
            .unicodeScalars.first
        return scalar?.properties.isAlphabetic ?? false
    }

    /// The lower-cased name of a tag from its inner text (`/name attr…`): its leading letters and digits.
    private static func tagName(_ inner: ArraySlice<UInt8>) -> String {
        var start = inner.startIndex
        while start < inner.endIndex && inner[start] == UInt8(ascii: "/") { start += 1 }
        var end = start
        var name: [UInt8] = []
        while end < inner.endIndex {
            let byte = inner[end]
            if byte >= 0x80 {
                // A non-ASCII name: decide by characters.
                let text = String(decoding: inner[start...], as: UTF8.self)
                return text.prefix { $0.isLetter || $0.isNumber }.lowercased()
            }
            let lower = asciiLowercased(byte)
            guard (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else { break }
            name.append(lower)
            end += 1
        }
        return String(decoding: name, as: UTF8.self)
    }

    private static func attribute(_ name: String, in tag: String) -> String? {
        let lower = tag.lowercased()
        guard let range = lower.range(of: name + "=") else { return nil }
        let rest = tag[range.upperBound...]
        if let quote = rest.first, quote == "\"" || quote == "'" {
            let body = rest.dropFirst()
            return String(body.prefix { $0 != quote })
        }
        return String(rest.prefix { $0 != " " && $0 != ">" })
    }

    /// Decodes character references in `text`.
    public static func decodeEntities(_ text: String) -> String {
        guard text.containsASCII(UInt8(ascii: "&")) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&") {
                let (decoded, length) = decodeEntity(bytes, at: index)
                output.append(contentsOf: decoded.utf8)
                index += length
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes one character reference at `start` (which holds "&"); returns the text and its length in bytes.
    /// A reference is at most 12 ASCII characters; any other character ends it.
    private static func decodeEntity(_ bytes: [UInt8], at start: Int) -> (String, Int) {
        var end = start + 1
        while end < bytes.count && end - start < 12 {
            let byte = bytes[end]
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte >= 0x80 || byte <= 0x20 { break }
            end += 1
        }
        let body = String(decoding: bytes[(start + 1)..<min(end, bytes.count)], as: UTF8.self)
        let hasSemicolon = end < bytes.count && bytes[end] == UInt8(ascii: ";")
        let length = (end - start) + (hasSemicolon ? 1 : 0)
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits)
            }
            if let value, let scalar = Unicode.Scalar(value), value != 0 { return (String(scalar), length) }
            return ("\u{FFFD}", length)
        }
        if let named = namedEntities[body] { return (named, length) }
        if let named = namedEntities[body.lowercased()] { return (named, length) }
        return ("&", 1)
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}", "copy": "©",
        "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "bull": "•", "middot": "·", "euro": "€", "pound": "£", "yen": "¥",
        "cent": "¢", "sect": "§", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷", "laquo": "«",
        "raquo": "»", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü",
        "szlig": "ß", "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à",
        "acirc": "â", "iacute": "í", "oacute": "ó", "uacute": "ú", "ccedil": "ç", "ntilde": "ñ",
        "Eacute": "É", "Agrave": "À", "Ccedil": "Ç", "Ntilde": "Ñ", "aring": "å", "Aring": "Å",
        "oslash": "ø", "Oslash": "Ø", "aelig": "æ", "AElig": "Æ", "iexcl": "¡", "iquest": "¿",
        "shy": "", "zwnj": "", "zwj": "", "thinsp": " ", "ensp": " ", "emsp": " ",
    ]
}
