/// Parses address-list headers (From, To, Cc, Reply-To …) per RFC 5322 §3.4 and its obsolete syntax,
/// tolerating what real mail contains: `;` as a separator, missing angle brackets, spaces inside
/// addresses, addresses only inside a comment, RFC 2047 words in quoted strings, obsolete routes.
public enum AddressParser {
    /// The addresses in `raw`, groups flattened, entries with neither address nor name dropped.
    public static func parse(_ raw: [UInt8], fallbackCharset: String? = nil) -> [MailAddress] {
        parseGroups(raw, fallbackCharset: fallbackCharset).flatMap(\.addresses)
    }

    /// The addresses in `text` (already a Swift string).
    public static func parse(_ text: String) -> [MailAddress] { parse(Array(text.utf8)) }

    /// The addresses in `raw`, keeping group structure.
    public static func parseGroups(_ raw: [UInt8], fallbackCharset: String? = nil) -> [MailAddressGroup] {
        let text = EncodedWords.decodeRaw(raw, fallbackCharset: fallbackCharset)
        let tokens = tokenize(text)
        var groups: [MailAddressGroup] = []
        var ungrouped: [MailAddress] = []
        var groupName: String?
        var inGroup = false
        var members: [MailAddress] = []
        var current: [Token] = []
        // Whether `current` holds an angle address or a bare word with "@": kept as tokens arrive, so
        // that each ":" is classified in O(1).
        var currentHasAddress = false

        func finishMailbox() {
            if let mailbox = mailbox(from: current) {
                if inGroup { members.append(mailbox) } else { ungrouped.append(mailbox) }
            }
            current.removeAll()
            currentHasAddress = false
        }
        func flushUngrouped() {
            if !ungrouped.isEmpty {
                groups.append(MailAddressGroup(name: nil, addresses: ungrouped))
                ungrouped.removeAll()
            }
        }
        for token in tokens {
            switch token.kind {
            case .special(","):
                finishMailbox()
            case .special(";"):
                finishMailbox()
                if inGroup {
                    groups.append(MailAddressGroup(name: groupName, addresses: members))
                    members.removeAll()
                    inGroup = false
                    groupName = nil
                }
            case .special(":") where !inGroup && !currentHasAddress:
                flushUngrouped()
                let nameTokens = current.filter { !$0.isComment }
                let phrase = phraseText(nameTokens)
                groupName = phrase.isEmpty ? nil : phrase
                inGroup = true
                current.removeAll()
                currentHasAddress = false
            default:
                if token.isAngle || (token.kind == .word && token.text.contains("@")) { currentHasAddress = true }
                current.append(token)
            }
        }
        finishMailbox()
        if inGroup {
            groups.append(MailAddressGroup(name: groupName, addresses: members))
        }
        flushUngrouped()
        return groups
    }

    // MARK: - Tokens

    struct Token {
        enum Kind: Equatable {
            case word, quoted, comment, angle
            case special(Character)
        }
        var kind: Kind
        var text: String
        var spaceBefore: Bool

        var isAngle: Bool { kind == .angle }
        var isQuoted: Bool { kind == .quoted }
        var isComment: Bool { kind == .comment }
    }

    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var index = 0
        var space = false
        while index < chars.count {
            let char = chars[index]
            if char == " " || char == "\t" || char == "\r" || char == "\n" {
                space = true
                index += 1
                continue
            }
            switch char {
            case "\"":
                var value = ""
                index += 1
                while index < chars.count && chars[index] != "\"" {
                    if chars[index] == "\\" && index + 1 < chars.count { index += 1 }
                    if chars[index] != "\r" && chars[index] != "\n" { value.append(chars[index]) }
                    index += 1
                }
                index += 1
                tokens.append(Token(kind: .quoted, text: value, spaceBefore: space))
            case "(":
                var depth = 0
                var value = ""
                while index < chars.count {
                    let current = chars[index]
                    if current == "\\" && index + 1 < chars.count {
                        value.append(chars[index + 1])
                        index += 2
                        continue
                    }
                    if current == "(" {
                        depth += 1
                        if depth > 1 { value.append(current) }
                    } else if current == ")" {
                        depth -= 1
                        if depth == 0 { index += 1; break }
                        value.append(current)
                    } else {
                        value.append(current == "\n" || current == "\r" ? " " : current)
                    }
                    index += 1
                }
                tokens.append(Token(kind: .comment, text: value, spaceBefore: space))
            case "<":
                var value = ""
                index += 1
                var depth = 0
                while index < chars.count && chars[index] != ">" {
                    let current = chars[index]
                    if current == "(" {
                        depth += 1
                    } else if current == ")" && depth > 0 {
                        depth -= 1
                    } else if depth == 0 && current == "\"" {
                        // Quoted local part: keep its text.
                    } else if depth == 0 && !(current == " " || current == "\t" || current == "\r" || current == "\n") {
                        value.append(current)
                    }
                    index += 1
                }
                index += 1
                tokens.append(Token(kind: .angle, text: value, spaceBefore: space))
            case ",", ";", ":":
                tokens.append(Token(kind: .special(char), text: String(char), spaceBefore: space))
                index += 1
            case ">":
                index += 1 // stray closing bracket
            default:
                var value = ""
                while index < chars.count {
                    let current = chars[index]
                    if " \t\r\n\"(<>,;:".contains(current) { break }
                    value.append(current)
                    index += 1
                }
                tokens.append(Token(kind: .word, text: value, spaceBefore: space))
            }
            space = false
        }
        return tokens
    }

    // MARK: - Mailboxes

    static func mailbox(from tokens: [Token]) -> MailAddress? {
        if tokens.isEmpty { return nil }
        let comments = tokens.filter(\.isComment).map { $0.text.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        if let angleIndex = tokens.firstIndex(where: \.isAngle) {
            var address = tokens[angleIndex].text
            address = stripRoute(address)
            let nameTokens = tokens.enumerated().filter { $0.offset != angleIndex && !$0.element.isComment }
                .map(\.element).filter { $0.kind != .angle }
            var name = phraseText(nameTokens)
            if name.isEmpty, let comment = comments.first { name = EncodedWords.decode(comment) }
            if address.isEmpty && name.isEmpty { return nil }
            return MailAddress(address: address, name: name.isEmpty ? nil : name)
        }
        // No angle brackets: an addr-spec, possibly with a name around it (broken forms).
        let plain = tokens.filter { !$0.isComment }
        var addressTokens: [Token] = []
        var nameTokens: [Token] = []
        if let atIndex = plain.firstIndex(where: { $0.kind == .word && $0.text.contains("@") }) {
            // The address is the run of words glued (without spaces) around the one with "@".
            var start = atIndex
            while start > 0 && !plain[start].spaceBefore && (plain[start - 1].kind == .word || plain[start - 1].isQuoted) {
                start -= 1
            }
            var end = atIndex
            while end + 1 < plain.count && !plain[end + 1].spaceBefore && plain[end + 1].kind == .word { end += 1 }
            addressTokens = Array(plain[start...end])
            nameTokens = Array(plain[..<start]) + Array(plain[(end + 1)...])
        } else if plain.count == 1, plain[0].kind == .quoted, plain[0].text.contains("@"),
                  !plain[0].text.trimmingASCIIWhitespace().contains(" ") {
            // `From: "someone@example.com"`: a quoted address without brackets.
            addressTokens = plain
        } else if plain.allSatisfy({ $0.kind == .word }) && plain.count >= 1
                    && plain.contains(where: { $0.text.contains(".") }) && plain.count > 1
                    && plain.contains(where: { $0.text == "@" || $0.text.hasPrefix("@") || $0.text.hasSuffix("@") }) {
            addressTokens = plain // `jdoe @ example . org` with spaces everywhere
        } else if let comment = comments.first(where: { $0.contains("@") && !$0.contains(" ") }) {
            // `Name (user@example.com)`: the only address is in a comment.
            let name = phraseText(plain)
            return MailAddress(address: comment, name: name.isEmpty ? nil : name)
        } else if plain.count == 1, plain[0].kind == .word, let comment = comments.first {
            // `MAILER-DAEMON (Mail Delivery System)`: a local-only address with its name in a comment.
            return MailAddress(address: plain[0].text, name: EncodedWords.decode(comment))
        } else {
            nameTokens = plain
        }
        let address = addressTokens.map { $0.isQuoted ? "\"" + $0.text + "\"" : $0.text }.joined()
        var name = phraseText(nameTokens)
        if name.isEmpty, let comment = comments.first { name = EncodedWords.decode(comment) }
        if address.isEmpty && name.isEmpty { return nil }
        return MailAddress(address: address, name: name.isEmpty ? nil : name)
    }

    /// Removes an obsolete source route (`@a,@b:user@host` → `user@host`) and a `mailto:`-less form.
    static func stripRoute(_ address: String) -> String {
        if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
            return String(address[address.index(after: colon)...])
        }
        return address
    }

    /// Joins phrase tokens into a display name: words separated by one space, RFC 2047 decoded, with the
    /// whitespace between adjacent encoded words dropped.
    static func phraseText(_ tokens: [Token]) -> String {
        var raw = ""
        var previousQuoted = false
        var first = true
        for token in tokens {
            let text: String
            switch token.kind {
            case .word, .quoted: text = token.text
            case .special(let char): text = String(char)
            default: continue
            }
            if !first && (token.spaceBefore || previousQuoted || token.isQuoted) { raw += " " }
            raw += text
            previousQuoted = token.isQuoted
            first = false
        }
        let decoded = EncodedWords.decode(raw)
        return collapseSpaces(decoded)
    }

    static func collapseSpaces(_ text: String) -> String {
        var output = ""
        var lastWasSpace = true
        for char in text {
            if char == " " || char == "\t" || char == "\r" || char == "\n" {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else {
                output.append(char)
                lastWasSpace = false
            }
        }
        if output.hasSuffix(" ") { output.removeLast() }
        return output
    }
}
