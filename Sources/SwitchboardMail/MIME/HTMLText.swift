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
        let chars = Array(html.unicodeScalars)
        // Where the next ">" is, so that a "<" without a tag end costs O(1) (no quadratic rescans).
        var nextClose = [Int](repeating: chars.count, count: chars.count + 1)
        if !chars.isEmpty {
            for position in stride(from: chars.count - 1, through: 0, by: -1) {
                nextClose[position] = chars[position] == ">" ? position : nextClose[position + 1]
            }
        }
        var output = String.UnicodeScalarView()
        var index = 0
        var pendingSpace = false
        var newlines = 0 // newlines owed before the next text
        var preDepth = 0
        func emitText(_ scalar: Unicode.Scalar) {
            if newlines > 0 {
                if !output.isEmpty { for _ in 0..<newlines { output.append("\n") } }
                newlines = 0
                pendingSpace = false
            } else if pendingSpace {
                if !output.isEmpty { output.append(" ") }
                pendingSpace = false
            }
            output.append(scalar)
        }
        while index < chars.count {
            let scalar = chars[index]
            if scalar == "<" {
                // Comment.
                if index + 3 < chars.count, chars[index + 1] == "!", chars[index + 2] == "-", chars[index + 3] == "-" {
                    var end = index + 4
                    while end + 2 < chars.count && !(chars[end] == "-" && chars[end + 1] == "-" && chars[end + 2] == ">") {
                        end += 1
                    }
                    index = min(chars.count, end + 3)
                    continue
                }
                let tagStart = index
                // Only "<" followed by a letter, "/", "!" or "?" can start a tag; and a tag ends at the
                // next ">". Both checks are O(1), so text full of "<" stays linear.
                let next = index + 1 < chars.count ? chars[index + 1] : " "
                let startsTag = next.properties.isAlphabetic || next == "/" || next == "!" || next == "?"
                let end = nextClose[index]
                if !startsTag || end >= chars.count {
                    emitText("<")
                    index = tagStart + 1
                    continue
                }
                let inner = String(String.UnicodeScalarView(chars[(index + 1)..<min(end, chars.count)]))
                let isClosing = inner.hasPrefix("/")
                let name = inner.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                index = min(chars.count, end + 1)
                if name.isEmpty && !isClosing && !inner.hasPrefix("!") && !inner.hasPrefix("?") {
                    // Not a tag ("a < b"): keep the text.
                    emitText("<")
                    index = tagStart + 1
                    continue
                }
                if skippedTags.contains(name) && !isClosing {
                    // Skip to the matching close tag.
                    let closing = Array("</\(name)".unicodeScalars)
                    var scan = index
                    while scan < chars.count {
                        if chars[scan] == "<", scan + closing.count <= chars.count {
                            var same = true
                            for (offset, expected) in closing.enumerated()
                            where Character(chars[scan + offset]).lowercased() != Character(expected).lowercased() {
                                same = false
                                break
                            }
                            if same { break }
                        }
                        scan += 1
                    }
                    while scan < chars.count && chars[scan] != ">" { scan += 1 }
                    index = min(chars.count, scan + 1)
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
                } else if name == "img", !isClosing, let alt = attribute("alt", in: inner), !alt.isEmpty {
                    for scalar in decodeEntities(alt).unicodeScalars { emitText(scalar) }
                }
                continue
            }
            if scalar == "&" {
                let (decoded, length) = decodeEntity(chars, at: index)
                for piece in decoded.unicodeScalars {
                    if piece == "\u{00A0}" { emitText(" ") } else { emitText(piece) }
                }
                index += length
                continue
            }
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                if preDepth > 0 && scalar == "\n" {
                    newlines += 1
                } else {
                    pendingSpace = true
                }
                index += 1
                continue
            }
            emitText(scalar)
            index += 1
        }
        return String(output)
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
        let chars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < chars.count {
            if chars[index] == "&" {
                let (decoded, length) = decodeEntity(chars, at: index)
                output.append(contentsOf: decoded.unicodeScalars)
                index += length
            } else {
                output.append(chars[index])
                index += 1
            }
        }
        return String(output)
    }

    /// Decodes one character reference at `start` (which holds "&"); returns the text and its length.
    private static func decodeEntity(_ chars: [Unicode.Scalar], at start: Int) -> (String, Int) {
        var end = start + 1
        while end < chars.count && end - start < 12 && chars[end] != ";" && chars[end] != "&"
                && !chars[end].properties.isWhitespace {
            end += 1
        }
        let body = String(String.UnicodeScalarView(chars[(start + 1)..<min(end, chars.count)]))
        let hasSemicolon = end < chars.count && chars[end] == ";"
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
