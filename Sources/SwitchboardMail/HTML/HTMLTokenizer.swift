/// An HTML5 tokenizer that follows the WHATWG tokenization algorithm closely enough to see markup the way a
/// browser does: every tag, attribute, comment and character reference boundary lands where a browser puts it.
///
/// It works on the UTF-8 bytes of the input (after CR/CRLF → LF normalisation) and is pulled one token at a
/// time, so the tree builder can switch it into the raw text states (`script`, `style`, `textarea`, …) exactly
/// like a browser's tree construction stage does. All work is linear in the input.
struct HTMLTokenizer {
    /// The content models the tree builder can switch the tokenizer into after a start tag.
    enum ContentModel: Sendable {
        case data
        /// Escapable raw text (`textarea`, `title`): character references are decoded, tags are not recognised.
        case rcdata
        /// Raw text (`script`, `style`, `xmp`, `iframe`, `noembed`, `noframes`, `noscript`).
        case rawtext
        /// Everything up to the end of the input is text (`plaintext`).
        case plaintext
    }

    let input: [UInt8]
    var pos = 0
    private var contentModel: ContentModel = .data
    private var appropriateEndTag: [UInt8] = []
    private var queued: HTMLToken?
    /// When `true`, `<![CDATA[ … ]]>` is a CDATA section (foreign content); otherwise it is a bogus comment.
    var allowsCDATA = false

    /// Creates a tokenizer over `html`, normalising newlines as the input stream preprocessing step requires.
    init(_ html: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(html.utf8.count)
        var previousWasCR = false
        for byte in html.utf8 {
            if byte == 0x0D {
                bytes.append(0x0A)
                previousWasCR = true
                continue
            }
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            bytes.append(byte)
        }
        input = bytes
    }

    /// Switches the content model after the tree builder saw the start tag `tagName`.
    mutating func switchContentModel(_ model: ContentModel, endTag tagName: String) {
        contentModel = model
        appropriateEndTag = Array(tagName.utf8)
    }

    /// Returns the next token, or `nil` at the end of the input.
    mutating func next() -> HTMLToken? {
        if let token = queued {
            queued = nil
            return token
        }
        guard pos < input.count else { return nil }
        switch contentModel {
        case .data:
            return nextInData()
        case .rcdata, .rawtext:
            return nextInRawText(decodeReferences: contentModel == .rcdata)
        case .plaintext:
            let text = Self.string(input[pos...])
            pos = input.count
            return .text(text)
        }
    }

    // MARK: - Data state

    private mutating func nextInData() -> HTMLToken? {
        var text: [UInt8] = []
        while pos < input.count {
            let byte = input[pos]
            if byte == UInt8(ascii: "&") {
                pos += 1
                consumeCharacterReference(into: &text, inAttribute: false)
                continue
            }
            if byte != UInt8(ascii: "<") {
                text.append(byte)
                pos += 1
                continue
            }
            let start = pos
            if let markup = consumeMarkup() {
                if text.isEmpty { return markup }
                queued = markup
                return .text(Self.string(text))
            }
            if pos == start {
                // Not markup: the `<` is text.
                text.append(byte)
                pos += 1
            }
            // Otherwise the markup produced no token (`</>`, or a tag cut off by the end of the input).
        }
        return text.isEmpty ? nil : .text(Self.string(text))
    }

    /// At `<`: consumes a tag, comment, doctype or CDATA section and returns its token. Returns `nil` with `pos`
    /// unchanged when the `<` is plain text, or `nil` with `pos` advanced when the markup yields no token
    /// (`</>`, or a tag cut off by the end of the input).
    private mutating func consumeMarkup() -> HTMLToken? {
        let next = pos + 1 < input.count ? input[pos + 1] : nil
        guard let next else { return nil }
        if Self.isASCIIAlpha(next) {
            pos += 1
            return consumeTag(isEnd: false)
        }
        switch next {
        case UInt8(ascii: "!"):
            pos += 2
            return consumeMarkupDeclaration()
        case UInt8(ascii: "/"):
            guard pos + 2 < input.count else { return nil }  // `</` at EOF is text
            let after = input[pos + 2]
            if Self.isASCIIAlpha(after) {
                pos += 2
                return consumeTag(isEnd: true)
            }
            if after == UInt8(ascii: ">") {
                pos += 3
                return nil
            }
            pos += 2
            return consumeBogusComment()
        case UInt8(ascii: "?"):
            pos += 1
            return consumeBogusComment()
        default:
            return nil
        }
    }

    // MARK: - Raw text

    private mutating func nextInRawText(decodeReferences: Bool) -> HTMLToken? {
        var text: [UInt8] = []
        while pos < input.count {
            let byte = input[pos]
            if byte == UInt8(ascii: "<"), isAppropriateEndTag(at: pos) {
                contentModel = .data
                pos += 2
                let tag = consumeTag(isEnd: true)
                if text.isEmpty { return tag ?? next() }
                queued = tag
                return .text(Self.string(text))
            }
            if decodeReferences && byte == UInt8(ascii: "&") {
                pos += 1
                consumeCharacterReference(into: &text, inAttribute: false)
                continue
            }
            text.append(byte == 0 ? 0xEF : byte)
            if byte == 0 { text.append(contentsOf: [0xBF, 0xBD]) }
            pos += 1
        }
        return text.isEmpty ? nil : .text(Self.string(text))
    }

    /// `</name` followed by whitespace, `/` or `>`, where name matches the appropriate end tag case-insensitively.
    private func isAppropriateEndTag(at index: Int) -> Bool {
        let nameStart = index + 2
        let nameEnd = nameStart + appropriateEndTag.count
        guard nameEnd < input.count, input[index + 1] == UInt8(ascii: "/") else { return false }
        for (offset, expected) in appropriateEndTag.enumerated()
        where Self.lowercased(input[nameStart + offset]) != expected {
            return false
        }
        let after = input[nameEnd]
        return Self.isWhitespace(after) || after == UInt8(ascii: "/") || after == UInt8(ascii: ">")
    }

    // MARK: - Tags

    private enum TagState {
        case tagName, beforeAttributeName, attributeName, afterAttributeName, beforeAttributeValue
        case valueDoubleQuoted, valueSingleQuoted, valueUnquoted, afterValueQuoted, selfClosingStartTag
    }

    /// Consumes a tag whose name starts at `pos`. Returns `nil` when the input ends inside the tag
    /// (the spec emits nothing for such a tag).
    private mutating func consumeTag(isEnd: Bool) -> HTMLToken? {
        var name: [UInt8] = []
        var attributes: [HTMLAttribute] = []
        var attributeName: [UInt8] = []
        var attributeValue: [UInt8] = []
        var hasAttribute = false
        var selfClosing = false
        var state = TagState.tagName

        func finishAttribute() {
            guard hasAttribute else { return }
            let attrName = Self.string(attributeName)
            if !attributes.contains(where: { $0.name == attrName }) {
                attributes.append(HTMLAttribute(name: attrName, value: Self.string(attributeValue)))
            }
            attributeName.removeAll(keepingCapacity: true)
            attributeValue.removeAll(keepingCapacity: true)
            hasAttribute = false
        }

        func startAttribute() {
            finishAttribute()
            hasAttribute = true
        }

        while pos < input.count {
            let byte = input[pos]
            pos += 1
            switch state {
            case .tagName:
                if Self.isWhitespace(byte) {
                    state = .beforeAttributeName
                } else if byte == UInt8(ascii: "/") {
                    state = .selfClosingStartTag
                } else if byte == UInt8(ascii: ">") {
                    return makeTag(name, attributes, selfClosing, isEnd)
                } else {
                    Self.appendName(byte, to: &name)
                }
            case .beforeAttributeName:
                if Self.isWhitespace(byte) { continue }
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") {
                    pos -= 1
                    state = .afterAttributeName
                } else {
                    startAttribute()
                    Self.appendName(byte, to: &attributeName)  // `=` here starts the name (parse error)
                    state = .attributeName
                }
            case .attributeName:
                if Self.isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") {
                    pos -= 1
                    state = .afterAttributeName
                } else if byte == UInt8(ascii: "=") {
                    state = .beforeAttributeValue
                } else {
                    Self.appendName(byte, to: &attributeName)
                }
            case .afterAttributeName:
                if Self.isWhitespace(byte) { continue }
                if byte == UInt8(ascii: "/") {
                    state = .selfClosingStartTag
                } else if byte == UInt8(ascii: "=") {
                    state = .beforeAttributeValue
                } else if byte == UInt8(ascii: ">") {
                    finishAttribute()
                    return makeTag(name, attributes, selfClosing, isEnd)
                } else {
                    startAttribute()
                    pos -= 1
                    state = .attributeName
                }
            case .beforeAttributeValue:
                if Self.isWhitespace(byte) { continue }
                if byte == UInt8(ascii: "\"") {
                    state = .valueDoubleQuoted
                } else if byte == UInt8(ascii: "'") {
                    state = .valueSingleQuoted
                } else if byte == UInt8(ascii: ">") {
                    finishAttribute()  // missing attribute value: empty
                    return makeTag(name, attributes, selfClosing, isEnd)
                } else {
                    pos -= 1
                    state = .valueUnquoted
                }
            case .valueDoubleQuoted, .valueSingleQuoted:
                let quote = state == .valueDoubleQuoted ? UInt8(ascii: "\"") : UInt8(ascii: "'")
                if byte == quote {
                    state = .afterValueQuoted
                } else if byte == UInt8(ascii: "&") {
                    consumeCharacterReference(into: &attributeValue, inAttribute: true)
                } else {
                    Self.appendValue(byte, to: &attributeValue)
                }
            case .valueUnquoted:
                if Self.isWhitespace(byte) {
                    state = .beforeAttributeName
                } else if byte == UInt8(ascii: "&") {
                    consumeCharacterReference(into: &attributeValue, inAttribute: true)
                } else if byte == UInt8(ascii: ">") {
                    finishAttribute()
                    return makeTag(name, attributes, selfClosing, isEnd)
                } else {
                    Self.appendValue(byte, to: &attributeValue)  // `"'<=\`` are kept (parse errors)
                }
            case .afterValueQuoted:
                if Self.isWhitespace(byte) {
                    state = .beforeAttributeName
                } else if byte == UInt8(ascii: "/") {
                    state = .selfClosingStartTag
                } else if byte == UInt8(ascii: ">") {
                    finishAttribute()
                    return makeTag(name, attributes, selfClosing, isEnd)
                } else {
                    pos -= 1  // missing whitespace between attributes
                    state = .beforeAttributeName
                }
            case .selfClosingStartTag:
                if byte == UInt8(ascii: ">") {
                    selfClosing = true
                    finishAttribute()
                    return makeTag(name, attributes, selfClosing, isEnd)
                }
                pos -= 1  // unexpected solidus: treat like whitespace
                state = .beforeAttributeName
            }
        }
        return nil  // EOF in tag: no token
    }

    private mutating func makeTag(
        _ name: [UInt8], _ attributes: [HTMLAttribute], _ selfClosing: Bool, _ isEnd: Bool
    ) -> HTMLToken {
        let tagName = Self.string(name)
        if isEnd { return .endTag(tagName) }
        return .startTag(HTMLStartTag(name: tagName, attributes: attributes, selfClosing: selfClosing))
    }

    // MARK: - Comments, doctype, CDATA

    /// After `<!`: a comment, a doctype, a CDATA section or a bogus comment.
    private mutating func consumeMarkupDeclaration() -> HTMLToken? {
        if matches("--", caseInsensitive: false) {
            pos += 2
            return consumeComment()
        }
        if matches("doctype", caseInsensitive: true) {
            pos += 7
            while pos < input.count {
                let byte = input[pos]
                pos += 1
                if byte == UInt8(ascii: ">") { break }
            }
            return .doctype
        }
        if matches("[CDATA[", caseInsensitive: false) {
            if allowsCDATA {
                pos += 7
                let start = pos
                while pos < input.count && !matches("]]>", caseInsensitive: false) { pos += 1 }
                let text = Self.string(input[start..<pos])
                pos = min(pos + 3, input.count)
                return .text(text)
            }
        }
        return consumeBogusComment()
    }

    /// Bogus comment state: everything up to the next `>` (or the end of the input).
    private mutating func consumeBogusComment() -> HTMLToken {
        var data: [UInt8] = []
        while pos < input.count && input[pos] != UInt8(ascii: ">") {
            Self.appendValue(input[pos], to: &data)
            pos += 1
        }
        if pos < input.count { pos += 1 }
        return .comment(Self.string(data))
    }

    private enum CommentState { case start, startDash, body, endDash, end, endBang }

    /// After `<!--`: the comment states, including `<!-->`, `<!--->`, `--!>` and EOF in a comment.
    private mutating func consumeComment() -> HTMLToken {
        var data: [UInt8] = []
        var state = CommentState.start
        while pos < input.count {
            let byte = input[pos]
            pos += 1
            switch state {
            case .start:
                if byte == UInt8(ascii: "-") {
                    state = .startDash
                } else if byte == UInt8(ascii: ">") {
                    return .comment("")  // `<!-->`
                } else {
                    pos -= 1
                    state = .body
                }
            case .startDash:
                if byte == UInt8(ascii: "-") {
                    state = .end
                } else if byte == UInt8(ascii: ">") {
                    return .comment("")  // `<!--->`
                } else {
                    data.append(UInt8(ascii: "-"))
                    pos -= 1
                    state = .body
                }
            case .body:
                if byte == UInt8(ascii: "-") {
                    state = .endDash
                } else {
                    Self.appendValue(byte, to: &data)
                }
            case .endDash:
                if byte == UInt8(ascii: "-") {
                    state = .end
                } else {
                    data.append(UInt8(ascii: "-"))
                    pos -= 1
                    state = .body
                }
            case .end:
                if byte == UInt8(ascii: ">") {
                    return .comment(Self.string(data))
                } else if byte == UInt8(ascii: "!") {
                    state = .endBang
                } else if byte == UInt8(ascii: "-") {
                    data.append(UInt8(ascii: "-"))
                } else {
                    data.append(contentsOf: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                    pos -= 1
                    state = .body
                }
            case .endBang:
                if byte == UInt8(ascii: "-") {
                    data.append(contentsOf: Array("--!".utf8))
                    state = .endDash
                } else if byte == UInt8(ascii: ">") {
                    return .comment(Self.string(data))  // `--!>`
                } else {
                    data.append(contentsOf: Array("--!".utf8))
                    pos -= 1
                    state = .body
                }
            }
        }
        return .comment(Self.string(data))  // EOF in comment
    }

    private func matches(_ literal: String, caseInsensitive: Bool) -> Bool {
        var index = pos
        for expected in literal.utf8 {
            guard index < input.count else { return false }
            let actual = caseInsensitive ? Self.lowercased(input[index]) : input[index]
            let wanted = caseInsensitive ? Self.lowercased(expected) : expected
            if actual != wanted { return false }
            index += 1
        }
        return true
    }

    // MARK: - Byte helpers

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C
    }

    static func isASCIIAlpha(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// Appends to a tag or attribute name: ASCII upper case folded, NUL replaced by U+FFFD.
    private static func appendName(_ byte: UInt8, to buffer: inout [UInt8]) {
        if byte == 0 {
            buffer.append(contentsOf: [0xEF, 0xBF, 0xBD])
        } else {
            buffer.append(lowercased(byte))
        }
    }

    /// Appends to an attribute value or comment: NUL replaced by U+FFFD.
    private static func appendValue(_ byte: UInt8, to buffer: inout [UInt8]) {
        if byte == 0 {
            buffer.append(contentsOf: [0xEF, 0xBF, 0xBD])
        } else {
            buffer.append(byte)
        }
    }

    static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        String(decoding: Array(bytes), as: UTF8.self)
    }
}
