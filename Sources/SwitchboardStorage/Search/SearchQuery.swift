/// Turns any user text into a literal full-text query: words (letters and digits) only, so quotes, `*`, `NEAR`,
/// `-`, `:`, parentheses or FTS/tsquery syntax can never cause a syntax error or change the meaning.
struct SearchQuery: Equatable {
    /// The words to find (all of them), lower-cased, at most ``maxTerms``.
    var terms: [String]

    static let maxTerms = 16
    static let maxTermLength = 64

    init(_ text: String) {
        var terms: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty, terms.count < Self.maxTerms {
                let term = String(current.prefix(Self.maxTermLength)).lowercased()
                if !terms.contains(term) { terms.append(term) }
            }
            current = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        self.terms = terms
    }

    var isEmpty: Bool { terms.isEmpty }

    /// FTS5 MATCH text: every term as a quoted string (terms never contain quotes), implicitly AND-ed.
    var fts5: String { terms.map { "\"" + $0 + "\"" }.joined(separator: " ") }

    /// Text for PostgreSQL's `plainto_tsquery`, which AND-s the words and has no syntax of its own.
    var plain: String { terms.joined(separator: " ") }
}

/// Turns a snippet with private-use markers around matches into HTML: `<mark>` around matches, the rest escaped.
enum SnippetHTML {
    static func render(_ raw: String) -> String {
        var html = ""
        html.reserveCapacity(raw.count + 16)
        var open = false
        for character in raw {
            switch character {
            case SearchIndexWriter.markStart:
                if !open { html += "<mark>"; open = true }
            case SearchIndexWriter.markEnd:
                if open { html += "</mark>"; open = false }
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            case "'": html += "&#39;"
            default: html.append(character)
            }
        }
        if open { html += "</mark>" }
        return html
    }
}
