/// Escaping of text for HTML content and quoted attribute values: `&`, `<`, `>`, `"` and `'` become character
/// references. The one escaper of the package: the mail parser's derived HTML and the server's hand-written pages.
public enum HTMLEscape {
    public static func text(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
