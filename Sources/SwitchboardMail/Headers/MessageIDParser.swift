/// Parses Message-ID, In-Reply-To and References values into bare ids (without `<>`).
public enum MessageIDParser {
    /// The ids in `text`, in order. Without any `<…>`, the whitespace-separated words are taken
    /// (broken mailers omit the brackets). `<>` yields nothing.
    public static func parse(_ text: String) -> [String] {
        var ids: [String] = []
        var current = ""
        var inside = false
        var sawBracket = false
        for char in text {
            if char == "<" {
                inside = true
                sawBracket = true
                current = ""
            } else if char == ">" && inside {
                inside = false
                let id = current.trimmingASCIIWhitespace()
                if !id.isEmpty { ids.append(id) }
            } else if inside {
                if char != "\r" && char != "\n" { current.append(char) }
            }
        }
        if sawBracket { return ids }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "," })
            .map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("(") }
    }
}
