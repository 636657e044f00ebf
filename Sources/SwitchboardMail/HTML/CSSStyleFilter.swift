/// Filters an inline `style` attribute down to an allowlist of properties with plain values.
///
/// A declaration is dropped when its property is not allowlisted or its value contains anything that can
/// load a resource, run script or escape the message box: `url(`, `expression(`, `image-set(`, any function
/// other than `rgb`/`rgba`/`hsl`/`hsla`, CSS escapes (`\`), `@`, braces, angle brackets, `javascript`,
/// `behavior`, `binding`, `import`, negative lengths, or characters outside a conservative set.
/// Comments are removed before checking. The output is re-serialised as `name: value; name: value`.
enum CSSStyleFilter {
    /// Longest `style` attribute examined; longer ones are dropped whole.
    static let maxLength = 16_384

    static let allowedProperties: Set<String> = [
        "color", "background-color", "background", "font", "font-family", "font-size", "font-style",
        "font-weight", "font-variant", "text-align", "text-decoration", "text-decoration-line",
        "text-decoration-color", "text-decoration-style", "text-indent", "text-transform", "text-overflow",
        "line-height", "letter-spacing", "word-spacing", "word-break", "word-wrap", "overflow-wrap",
        "white-space", "vertical-align", "direction",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "border", "border-top", "border-right", "border-bottom", "border-left", "border-width", "border-style",
        "border-color", "border-collapse", "border-spacing", "border-radius",
        "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
        "border-top-style", "border-right-style", "border-bottom-style", "border-left-style",
        "border-top-color", "border-right-color", "border-bottom-color", "border-left-color",
        "width", "height", "min-width", "max-width", "min-height", "max-height",
        "display", "float", "clear", "overflow", "visibility", "list-style", "list-style-type",
        "list-style-position", "table-layout", "caption-side", "empty-cells", "box-sizing",
    ]

    /// Values allowed for `display` (no `contents`, `flow-root` tricks or unknown future values).
    static let displayValues: Set<String> = [
        "block", "inline", "inline-block", "none", "table", "table-row", "table-cell", "table-row-group",
        "table-header-group", "table-footer-group", "table-column", "table-column-group", "table-caption",
        "list-item", "flex", "inline-flex", "inline-table",
    ]

    private static let allowedFunctions: Set<String> = ["rgb", "rgba", "hsl", "hsla"]
    private static let forbiddenWords = [
        "expression", "javascript", "vbscript", "livescript", "behavior", "binding", "import", "url", "image",
        "script", "eval",
    ]

    /// The filtered declarations, or `nil` when none survive.
    static func filter(_ style: String) -> String? {
        guard style.utf8.count <= maxLength else { return nil }
        guard let uncommented = removingComments(style) else { return nil }
        var kept: [String] = []
        for declaration in splitDeclarations(uncommented) {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let property = declaration[..<colon].trimmingCSSWhitespace().lowercased()
            var value = String(declaration[declaration.index(after: colon)...].map {
                " \t\n\r\u{0C}".contains($0) ? " " : $0
            }).trimmingCSSWhitespace()
            guard allowedProperties.contains(property) else { continue }
            var important = false
            if value.lowercased().hasSuffix("!important") {
                important = true
                value = String(value.dropLast("!important".count)).trimmingCSSWhitespace()
            }
            guard !value.isEmpty, isSafeValue(value, property: property) else { continue }
            kept.append("\(property): \(value)" + (important ? " !important" : ""))
        }
        return kept.isEmpty ? nil : kept.joined(separator: "; ")
    }

    /// Whether `value` is a plain value: allowed characters only, no forbidden words, no functions other than
    /// colour functions, quotes balanced and only in font families, no negative lengths. Works on UTF-8 bytes;
    /// non-ASCII characters count as letters (CSS treats them as name characters, never as syntax).
    static func isSafeValue(_ value: String, property: String) -> Bool {
        let lower = value.lowercased()
        if property == "display" { return displayValues.contains(lower) }
        let bytes = Array(lower.utf8)
        for word in forbiddenWordBytes where contains(bytes, word) { return false }
        let quotesAllowed = property == "font-family" || property == "font"
        var quote: UInt8?
        var wordStart = 0
        for (index, byte) in bytes.enumerated() {
            if let open = quote {
                if byte == open {
                    quote = nil
                } else if !(isNameByte(byte) || byte == 0x20 || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: ",")) {
                    return false
                }
                continue
            }
            if isNameByte(byte) {
                if byte == UInt8(ascii: "-"), index + 1 < bytes.count,
                    isDigit(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "."),
                    index == 0 || startsToken(bytes[index - 1]) {
                    return false  // negative length, e.g. `margin-top: -900px`
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard quotesAllowed else { return false }
                quote = byte
            case UInt8(ascii: "("):
                guard allowedFunctionBytes.contains(Array(bytes[wordStart..<index])) else { return false }
            case 0x20, UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "."), UInt8(ascii: ","),
                UInt8(ascii: ")"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: "+"):
                break
            default:
                return false
            }
            wordStart = index + 1
        }
        return quote == nil
    }

    private static let forbiddenWordBytes = forbiddenWords.map { Array($0.utf8) }
    private static let allowedFunctionBytes = Set(allowedFunctions.map { Array($0.utf8) })

    /// Letters, digits, `-`, `_` and any byte of a non-ASCII character.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func startsToken(_ previous: UInt8) -> Bool {
        previous == 0x20 || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "(")
            || previous == UInt8(ascii: "/")
    }

    /// Whether `needle` occurs in `haystack` (both short: a plain scan is fastest).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count && haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// Removes `/* … */` comments; `nil` for an unterminated comment.
    private static func removingComments(_ style: String) -> String? {
        let characters = Array(style)
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "/", index + 1 < characters.count, characters[index + 1] == "*" {
                var end = index + 2
                while end + 1 < characters.count && !(characters[end] == "*" && characters[end + 1] == "/") {
                    end += 1
                }
                guard end + 1 < characters.count else { return nil }
                result.append(" ")
                index = end + 2
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    /// Splits on `;` outside quotes and parentheses.
    private static func splitDeclarations(_ style: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var quote: Character?
        var start = style.startIndex
        var index = style.startIndex
        while index < style.endIndex {
            let character = style[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if character == ";" && depth == 0 {
                parts.append(style[start..<index])
                start = style.index(after: index)
            }
            index = style.index(after: index)
        }
        parts.append(style[start...])
        return parts
    }
}

extension StringProtocol {
    /// The text without leading and trailing CSS white space (space, tab, LF, CR, FF).
    func trimmingCSSWhitespace() -> String {
        let isSpace: (Character) -> Bool = { " \t\n\r\u{0C}".contains($0) }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
