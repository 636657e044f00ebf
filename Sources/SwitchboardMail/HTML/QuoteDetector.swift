/// A plain-text message body split into what the sender wrote now, their signature, and the quoted history,
/// so the agent UI can show the reply and fold the rest.
public struct PlainTextReplyParts: Sendable, Equatable {
    /// The new text, without signature and quoted history (trailing blank lines removed).
    public var reply: String
    /// The signature, starting with its delimiter line (`-- `) or mobile footer, or `nil` when none was found.
    public var signature: String?
    /// The quoted history, starting with its attribution or header line, or `nil` when none was found.
    public var quotedHistory: String?

    /// Creates the parts.
    public init(reply: String, signature: String?, quotedHistory: String?) {
        self.reply = reply
        self.signature = signature
        self.quotedHistory = quotedHistory
    }
}

/// Finds quoted history and signatures in plain-text email bodies.
///
/// Quoted history starts at the earliest of: an attribution line ("On … wrote:", "Am … schrieb …:",
/// "Le … a écrit :", "El … escribió:", "Op … schreef …:", "Il … ha scritto:", "Em … escreveu:",
/// "Den … skrev …:", "W dniu … napisał(a):", possibly wrapped over up to three lines), an Outlook separator
/// ("-----Original Message-----" and its translations, or a line of underscores followed by a header), an
/// Outlook header block ("From:" followed by "Sent:"/"Date:" and "To:"/"Subject:" lines, in several
/// languages), or a final block of `>`-quoted lines that runs to the end of the text. Inline replies between
/// quoted lines are therefore never folded away.
///
/// The signature is the last `-- ` (or `--`) delimiter line before the quoted history, or a mobile footer
/// such as "Sent from my iPhone" among the last three non-blank lines of the reply.
public enum QuoteDetector {
    /// Splits `text` into reply, signature and quoted history.
    public static func split(_ text: String) -> PlainTextReplyParts {
        // Split on scalars: in a Swift String "\r\n" is one Character and would not split on "\n".
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line))
        }
        let quoteStart = quotedHistoryStart(in: lines)
        let bodyEnd = quoteStart ?? lines.count
        let signatureStart = self.signatureStart(in: lines, before: bodyEnd)
        let replyEnd = signatureStart ?? bodyEnd
        func joined(_ range: Range<Int>) -> String? {
            let text = lines[range].joined(separator: "\n")
            let trimmed = text.trimmingCSSWhitespace()
            return trimmed.isEmpty ? nil : trimmedTrailingBlankLines(text)
        }
        return PlainTextReplyParts(
            reply: trimmedTrailingBlankLines(lines[0..<replyEnd].joined(separator: "\n")),
            signature: signatureStart.flatMap { joined($0..<bodyEnd) },
            quotedHistory: quoteStart.flatMap { joined($0..<lines.count) }
        )
    }

    /// The index of the line where quoted history starts, or `nil`.
    public static func quotedHistoryStart<S: StringProtocol>(in lines: [S]) -> Int? {
        let trimmed = lines.map { $0.trimmingCSSWhitespace() }
        for index in trimmed.indices {
            if isAttribution(at: index, in: trimmed) || isSeparator(at: index, in: trimmed)
                || isHeaderBlock(at: index, in: trimmed) {
                return index
            }
        }
        // A trailing block of `>` lines (blank lines allowed between them).
        var start: Int?
        for index in trimmed.indices.reversed() {
            let line = trimmed[index]
            if line.isEmpty { continue }
            if line.hasPrefix(">") {
                start = index
            } else {
                break
            }
        }
        return start
    }

    /// The index of the line where the signature starts (at or after the reply's first line, before `end`).
    public static func signatureStart<S: StringProtocol>(in lines: [S], before end: Int) -> Int? {
        let end = min(end, lines.count)
        for index in stride(from: end - 1, through: 0, by: -1) where lines[index] == "-- " || lines[index] == "--" {
            return index
        }
        var nonBlankSeen = 0
        for index in stride(from: end - 1, through: 0, by: -1) {
            let line = lines[index].trimmingCSSWhitespace()
            if line.isEmpty { continue }
            nonBlankSeen += 1
            if nonBlankSeen > 3 { break }
            let lower = line.lowercased()
            if mobileFooters.contains(where: { lower.hasPrefix($0) }) { return index }
        }
        return nil
    }

    // MARK: - Patterns

    /// Start, required word and end of attribution lines per language (all compared lower-cased).
    private static let attributions: [(prefix: String, word: String)] = [
        ("on ", "wrote"), ("am ", "schrieb"), ("le ", "a écrit"), ("el ", "escribió"), ("op ", "schreef"),
        ("il ", "ha scritto"), ("em ", "escreveu"), ("den ", "skrev"), ("w dniu ", "napisał"),
        ("", "wrote:"),
    ]

    private static func isAttribution(at index: Int, in lines: [String]) -> Bool {
        var candidate = ""
        for offset in 0..<3 where index + offset < lines.count {
            let line = lines[index + offset]
            if line.isEmpty || line.hasPrefix(">") { break }
            candidate += (offset == 0 ? "" : " ") + line
            guard candidate.count <= 400 else { return false }
            if candidate.hasSuffix(":") && matchesAttribution(candidate.lowercased()) {
                return true
            }
        }
        return false
    }

    private static func matchesAttribution(_ lower: String) -> Bool {
        // Real attributions carry a date or an address; a sentence that ends in "wrote:" usually has neither.
        guard lower.contains(where: { $0.isASCII && $0.isNumber }) || lower.contains("@") else { return false }
        for (prefix, word) in attributions where lower.hasPrefix(prefix) || prefix.isEmpty {
            if prefix.isEmpty {
                // A bare "<name> wrote:" is too weak on its own: require an e-mail address, so a sentence
                // that happens to end in "wrote:" is not taken for an attribution.
                if lower.hasSuffix(word) && lower.contains("@") { return true }
                continue
            }
            if lower.contains(word) { return true }
        }
        return false
    }

    private static let separatorPhrases = [
        "original message", "ursprüngliche nachricht", "message d'origine", "mensaje original",
        "oorspronkelijk bericht", "messaggio originale", "mensagem original", "forwarded message",
        "weitergeleitete nachricht", "message transféré", "mensaje reenviado", "doorgestuurd bericht",
        "messaggio inoltrato", "mensagem encaminhada", "ursprungligt meddelande", "oprindelig meddelelse",
    ]

    private static func isSeparator(at index: Int, in lines: [String]) -> Bool {
        let line = lines[index]
        if line.hasPrefix("--") || line.hasPrefix("——") {
            let lower = line.lowercased()
            let core = lower.filter { $0 != "-" && $0 != "—" }.trimmingCSSWhitespace()
            return separatorPhrases.contains(core)
        }
        if line.count >= 10 && line.allSatisfy({ $0 == "_" }) {
            // Outlook on the web: a line of underscores, then the header block.
            for next in (index + 1)..<min(index + 3, lines.count) where isHeaderBlock(at: next, in: lines) {
                return true
            }
        }
        return false
    }

    private static let fromLabels = ["from:", "von:", "de :", "de:", "van:", "da:", "från:", "fra:", "od:"]
    private static let dateLabels = [
        "sent:", "date:", "gesendet:", "datum:", "envoyé :", "envoyé:", "date :", "enviado:", "enviado el:",
        "verzonden:", "inviato:", "data:", "skickat:", "sendt:", "wysłano:", "fecha:",
    ]
    private static let otherLabels = [
        "to:", "subject:", "an:", "betreff:", "à :", "à:", "objet :", "objet:", "para:", "asunto:", "aan:",
        "onderwerp:", "a:", "oggetto:", "assunto:", "till:", "ämne:", "til:", "emne:", "do:", "temat:", "cc:",
    ]

    private static func isHeaderBlock(at index: Int, in lines: [String]) -> Bool {
        let first = lines[index].lowercased()
        guard fromLabels.contains(where: { first.hasPrefix($0) }) else { return false }
        var hasDate = false
        var hasOther = false
        for next in (index + 1)..<min(index + 6, lines.count) {
            let line = lines[next].lowercased()
            if dateLabels.contains(where: { line.hasPrefix($0) }) { hasDate = true }
            if otherLabels.contains(where: { line.hasPrefix($0) }) { hasOther = true }
        }
        return hasDate && hasOther
    }

    private static let mobileFooters = [
        "sent from my ", "sent from mail for windows", "sent from outlook", "get outlook for ",
        "sent from yahoo mail", "sent with proton mail", "sent with protonmail", "sent from samsung",
        "von meinem iphone gesendet", "von meinem ipad gesendet", "von meinem samsung", "gesendet von meinem",
        "envoyé de mon ", "envoyé depuis mon ", "enviado desde mi ", "enviado do meu ", "enviado de meu ",
        "verzonden vanaf mijn ", "verstuurd vanaf mijn ", "inviato da ", "skickat från min ", "sendt fra min ",
        "wysłane z ",
    ]

    private static func trimmedTrailingBlankLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.trimmingCSSWhitespace().isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
