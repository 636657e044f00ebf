import Foundation

/// Reduces a subject to what stays the same across a conversation, for matching a new mail to an open ticket.
///
/// Leading reply and forward prefixes in the common languages (`Re:`, `RE[2]:`, `Fwd:`, `Fw:`, `AW:`, `WG:`,
/// `SV:`, `VS:`, `Antw:`, `Doorst:`, `TR:`, `RIF:`, `Odp:`, `YNT:`, `回复:`, `转发:`, …) are removed repeatedly,
/// as are ticket tags such as `[#123]` anywhere in the subject; whitespace is collapsed and the result
/// lower-cased. `"Re: AW: [#12] Printer  on fire"` → `"printer on fire"`.
public enum SubjectNormalizer {
    /// Prefixes (compared case-insensitively, without the colon) that mark replies and forwards.
    static let prefixes: Set<String> = [
        "re", "fwd", "fw", "aw", "wg", "sv", "vs", "antw", "doorst", "tr", "rif", "odp", "ynt", "res", "enc",
        "ref", "rv", "vb", "atb", "bls", "përgjigje", "回复", "回覆", "转发", "答复", "返信", "転送",
    ]

    /// The normalised subject; empty for a subject that is only prefixes and tags.
    public static func normalize(_ subject: String) -> String {
        var text = SubjectTag.removingTags(from: subject)
        var changed = true
        while changed {
            changed = false
            text = text.trimmingLeadingWhitespace()
            if let stripped = strippingPrefix(text) {
                text = stripped
                changed = true
            }
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }

    /// The subject without one leading prefix (`Re:`, `RE[3]:`, `Re^2:`, full-width colon), or nil.
    public static func strippingPrefix(_ text: String) -> String? {
        guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        var word = text[..<colon].trimmingCharacters(in: .whitespaces)
        // Counters: "Re[2]", "Re(2)", "Re^2".
        if let open = word.firstIndex(where: { $0 == "[" || $0 == "(" || $0 == "^" }) {
            let counter = word[word.index(after: open)...].filter { $0 != "]" && $0 != ")" }
            guard !counter.isEmpty, counter.allSatisfy(\.isNumber) else { return nil }
            word = String(word[..<open])
        }
        guard word.count <= 12, prefixes.contains(word.lowercased()) else { return nil }
        return String(text[text.index(after: colon)...])
    }
}

extension String {
    fileprivate func trimmingLeadingWhitespace() -> String {
        String(drop(while: { $0.isWhitespace }))
    }
}
