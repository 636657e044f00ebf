/// Which attributes survive on which element, and what their values may look like.
///
/// `id`, `name` and `class` are never copied from the input: ids and names enable DOM clobbering, and class
/// names could pick up the agent UI's own styles. The sanitiser sets its own classes (`sb-quoted`,
/// `sb-remote-image`). Event handlers (`on*`), `srcset`, `background`, `formaction`, `xlink:href` and every
/// other attribute not listed here are dropped.
enum HTMLAttributePolicy {
    /// How a kept attribute's value is checked.
    enum ValueKind {
        /// Free text (escaped on output), length-limited.
        case text
        /// A number, optionally with `%` or `px`.
        case length
        /// A colour name or `#hex`.
        case color
        /// One of a fixed set of keywords (compared case-insensitively, output lower-cased).
        case keyword(Set<String>)
        /// A boolean attribute: output with an empty value.
        case boolean
        /// A font face list.
        case fontFace
        /// A language tag.
        case language
    }

    static let global: [String: ValueKind] = [
        "title": .text,
        "dir": .keyword(["ltr", "rtl", "auto"]),
        "lang": .language,
        "align": .keyword(["left", "right", "center", "justify", "top", "middle", "bottom", "baseline",
                           "absmiddle", "absbottom", "texttop", "char"]),
        "valign": .keyword(["top", "middle", "bottom", "baseline"]),
    ]

    static let perElement: [String: [String: ValueKind]] = [
        "img": ["alt": .text, "width": .length, "height": .length, "border": .length, "hspace": .length,
                "vspace": .length],
        "font": ["color": .color, "face": .fontFace, "size": .length],
        "table": ["width": .length, "height": .length, "border": .length, "cellpadding": .length,
                  "cellspacing": .length, "bgcolor": .color, "summary": .text],
        "tr": ["bgcolor": .color, "height": .length],
        "td": ["width": .length, "height": .length, "colspan": .length, "rowspan": .length, "bgcolor": .color,
               "nowrap": .boolean, "abbr": .text, "scope": .keyword(["row", "col", "rowgroup", "colgroup"])],
        "th": ["width": .length, "height": .length, "colspan": .length, "rowspan": .length, "bgcolor": .color,
               "nowrap": .boolean, "abbr": .text, "scope": .keyword(["row", "col", "rowgroup", "colgroup"])],
        "col": ["span": .length, "width": .length],
        "colgroup": ["span": .length, "width": .length],
        "ol": ["start": .length, "type": .keyword(["1", "a", "A", "i", "I"]), "reversed": .boolean],
        "ul": ["type": .keyword(["disc", "circle", "square"])],
        "li": ["value": .length],
        "hr": ["width": .length, "size": .length, "noshade": .boolean, "color": .color],
        "div": ["width": .length, "height": .length],
        "del": ["datetime": .text],
        "ins": ["datetime": .text],
        "time": ["datetime": .text],
        "blockquote": ["type": .keyword(["cite"])],
        "center": [:],
    ]

    /// Longest text attribute value kept.
    static let maxTextLength = 2048

    /// The kind of `attribute` on `element`, or `nil` when it is not allowed there.
    static func kind(of attribute: String, on element: String) -> ValueKind? {
        perElement[element]?[attribute] ?? global[attribute]
    }

    /// The value to output, or `nil` when the value is not acceptable.
    static func normalizedValue(_ value: String, kind: ValueKind) -> String? {
        let trimmed = value.trimmingCSSWhitespace()
        switch kind {
        case .text:
            return value.utf8.count <= maxTextLength ? value : nil
        case .length:
            return isLength(trimmed) ? trimmed : nil
        case .color:
            let isColor = trimmed.count <= 32 && !trimmed.isEmpty
                && trimmed.unicodeScalars.enumerated().allSatisfy { offset, scalar in
                    isASCIIAlphanumeric(scalar) || (offset == 0 && scalar == "#")
                }
            return isColor ? trimmed : nil
        case .keyword(let allowed):
            if allowed.contains(trimmed) { return trimmed }
            let lower = trimmed.lowercased()
            return allowed.contains(lower) ? lower : nil
        case .boolean:
            return ""
        case .fontFace:
            let isFace = trimmed.utf8.count <= 256
                && trimmed.allSatisfy { $0.isLetter || $0.isNumber || " ,-_'\"".contains($0) }
            return isFace ? trimmed : nil
        case .language:
            let isTag = !trimmed.isEmpty && trimmed.utf8.count <= 35
                && trimmed.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "-" }
            return isTag ? trimmed : nil
        }
    }

    /// Digits, an optional fraction, and an optional `%`, `px` or `*` unit (at most 10 characters).
    private static func isLength(_ value: String) -> Bool {
        var body = Substring(value)
        if body.hasSuffix("%") || body.hasSuffix("*") {
            body = body.dropLast()
        } else if body.lowercased().hasSuffix("px") {
            body = body.dropLast(2)
        }
        guard !body.isEmpty, body.count <= 10 else { return false }
        var seenDot = false
        for scalar in body.unicodeScalars {
            if scalar == "." && !seenDot {
                seenDot = true
            } else if !("0"..."9").contains(scalar) {
                return false
            }
        }
        return body.first != "."
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
