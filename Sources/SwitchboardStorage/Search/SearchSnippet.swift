/// Makes the snippet of a search hit on SQLite, where the FTS5 index is contentless and FTS5's own `snippet()` has no
/// text to cut from: the window of at most ``maxTokens`` words of the subject or the body that holds the most
/// different query terms (the earliest such window; the subject wins a tie), with ``SearchIndexWriter/markStart`` and
/// ``SearchIndexWriter/markEnd`` around every matching word and `…` where text was left out. Words are runs of
/// letters and digits and match case-insensitively, as ``SearchQuery`` splits the user's text.
enum SearchSnippet {
    /// Words shown at most (FTS5's `snippet()` limit used before M0011).
    static let maxTokens = 24
    /// Words of context shown before the first match when the window does not start at the beginning.
    static let leadingTokens = 3

    private struct Token {
        var range: Range<String.Index>
        var term: Int?
    }

    /// The snippet of `document` for `terms` (lower-cased, as ``SearchQuery/terms``), markers not yet rendered.
    static func make(_ document: SearchDocument, terms: [String]) -> String {
        let subject = best(in: document.subject, terms: terms)
        let body = best(in: document.body, terms: terms)
        if body.score > subject.score { return body.text }
        if subject.score > 0 || !document.subject.isEmpty { return subject.text }
        return body.text
    }

    /// The best window of `text` and how many different terms it holds.
    private static func best(in text: String, terms: [String]) -> (text: String, score: Int) {
        let tokens = tokenize(text, terms: terms)
        if tokens.isEmpty { return (String(text.prefix(200)), 0) }
        var bestStart = 0
        var bestScore = 0
        var considered = 0
        for (index, token) in tokens.enumerated() where token.term != nil {
            let start = max(0, min(index - leadingTokens, tokens.count - maxTokens))
            var seen = Set<Int>()
            for candidate in tokens[start..<min(start + maxTokens, tokens.count)] {
                if let term = candidate.term { seen.insert(term) }
            }
            if seen.count > bestScore {
                bestScore = seen.count
                bestStart = start
            }
            considered += 1
            if bestScore == terms.count || considered >= 1_000 { break }
        }
        let end = min(bestStart + maxTokens, tokens.count)
        var out = bestStart > 0 ? "…" : ""
        var position = bestStart > 0 ? tokens[bestStart].range.lowerBound : text.startIndex
        for token in tokens[bestStart..<end] {
            out += text[position..<token.range.lowerBound]
            if token.term != nil {
                out.append(SearchIndexWriter.markStart)
                out += text[token.range]
                out.append(SearchIndexWriter.markEnd)
            } else {
                out += text[token.range]
            }
            position = token.range.upperBound
        }
        if end < tokens.count {
            out += "…"
        } else {
            out += text[position...]
        }
        return (out, bestScore)
    }

    /// The words of `text` with the index of the term each one matches.
    private static func tokenize(_ text: String, terms: [String]) -> [Token] {
        var tokens: [Token] = []
        var start: String.Index?
        var index = text.startIndex
        func flush(_ end: String.Index) {
            guard let begin = start else { return }
            let word = text[begin..<end].lowercased()
            tokens.append(Token(range: begin..<end, term: terms.firstIndex(of: word)))
            start = nil
        }
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter || character.isNumber {
                if start == nil { start = index }
            } else {
                flush(index)
            }
            index = text.index(after: index)
        }
        flush(text.endIndex)
        return tokens
    }
}
