/// Parses one framed response (``IMAPFrame``) into an ``IMAPResponse`` (RFC 3501 §7 and §9). Robust against any
/// input: malformed, truncated or hostile bytes throw ``IMAPClientError`` (`protocolViolation` or
/// `limitExceeded`), never crash; literals are bounds-checked against the frame.
public struct IMAPResponseParser: Sendable {
    public let limits: IMAPLimits

    public init(limits: IMAPLimits = IMAPLimits()) {
        self.limits = limits
    }

    /// The response in `bytes` (one whole response including its final CRLF; a missing CRLF is tolerated).
    public func parse(_ bytes: [UInt8]) throws -> IMAPResponse {
        var cursor = Cursor(bytes: bytes, maxDepth: limits.maxNestingDepth)
        if cursor.consume("+") {
            _ = cursor.consume(" ")
            return .continuation(cursor.restOfLine())
        }
        if cursor.consume("*") {
            try cursor.expect(" ")
            return .untagged(try untagged(&cursor))
        }
        let tag = cursor.readWhile { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }
        guard !tag.isEmpty, tag.count <= 64 else { throw Cursor.violation("a response without a valid tag") }
        try cursor.expect(" ")
        let word = cursor.readAtomText().uppercased()
        guard let kind = IMAPStatus.Kind(rawValue: word), kind != .preauth, kind != .bye else {
            throw Cursor.violation("a tagged response that is not OK, NO or BAD")
        }
        return .tagged(String(decoding: tag, as: UTF8.self), try status(kind, &cursor))
    }

    private func untagged(_ cursor: inout Cursor) throws -> IMAPUntagged {
        let first = cursor.readAtomText()
        guard !first.isEmpty else { throw Cursor.violation("an empty untagged response") }
        if let number = UInt32(first) {
            try cursor.expect(" ")
            let keyword = cursor.readAtomText().uppercased()
            switch keyword {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try cursor.expect(" ")
                guard case .list(let items) = try cursor.readValue() else {
                    throw Cursor.violation("FETCH without an attribute list")
                }
                return .fetch(try Self.fetch(number, items))
            default:
                _ = cursor.consume(" ")
                return .other(keyword, cursor.restOfLine())
            }
        }
        let keyword = first.uppercased()
        if let kind = IMAPStatus.Kind(rawValue: keyword) { return .status(try status(kind, &cursor)) }
        switch keyword {
        case "CAPABILITY":
            return .capability(try cursor.atomsToEnd().map { $0.uppercased() })
        case "FLAGS":
            try cursor.expect(" ")
            guard case .list(let items) = try cursor.readValue() else { throw Cursor.violation("FLAGS without a list") }
            return .flags(items.compactMap(\.text))
        case "SEARCH":
            return .search(try cursor.atomsToEnd().map {
                guard let number = UInt32($0) else { throw Cursor.violation("SEARCH with a non-number") }
                return number
            })
        default:
            _ = cursor.consume(" ")
            return .other(keyword, cursor.restOfLine())
        }
    }

    private func status(_ kind: IMAPStatus.Kind, _ cursor: inout Cursor) throws -> IMAPStatus {
        guard cursor.consume(" ") else {
            // RFC 3501 requires text, but some servers send a bare "OK".
            guard cursor.atEnd else { throw Cursor.violation("a status response without text") }
            return IMAPStatus(kind: kind, text: "")
        }
        var code: String?
        var arguments: [IMAPValue] = []
        if cursor.consume("[") {
            let name = cursor.readWhile { Cursor.isAtomByte($0) && $0 != UInt8(ascii: "]") }
            guard !name.isEmpty else { throw Cursor.violation("an empty response code") }
            code = String(decoding: name, as: UTF8.self).uppercased()
            while cursor.consume(" ") {
                if cursor.peek == UInt8(ascii: "]") { break }
                arguments.append(try cursor.readValue(inCode: true))
            }
            try cursor.expect("]")
            _ = cursor.consume(" ")
        }
        return IMAPStatus(kind: kind, code: code, codeArguments: arguments, text: cursor.restOfLine())
    }

    /// Picks UID, RFC822.SIZE, FLAGS, BODY[] and BODY[HEADER] out of a FETCH attribute list.
    static func fetch(_ sequence: UInt32, _ items: [IMAPValue]) throws -> IMAPFetch {
        guard items.count % 2 == 0 else { throw Cursor.violation("FETCH with an odd number of items") }
        var result = IMAPFetch(sequence: sequence)
        var index = 0
        while index < items.count {
            guard case .atom(let rawName) = items[index] else { throw Cursor.violation("FETCH item without a name") }
            let name = rawName.uppercased()
            let value = items[index + 1]
            switch name {
            case "UID":
                guard let uid = value.number, let small = UInt32(exactly: uid) else {
                    throw Cursor.violation("FETCH UID is not a number")
                }
                result.uid = small
            case "RFC822.SIZE":
                guard let size = value.number, let small = Int(exactly: size) else {
                    throw Cursor.violation("FETCH RFC822.SIZE is not a number")
                }
                result.size = small
            case "FLAGS":
                guard case .list(let flags) = value else { throw Cursor.violation("FETCH FLAGS is not a list") }
                result.flags = flags.compactMap(\.text)
            case "BODY[]", "RFC822", "BINARY[]":
                switch value {
                case .string(let bytes): result.body = bytes
                case .null: result.body = nil
                default: throw Cursor.violation("FETCH BODY[] is not a string")
                }
            case "BODY[HEADER]", "RFC822.HEADER":
                switch value {
                case .string(let bytes): result.header = bytes
                case .null: result.header = nil
                default: throw Cursor.violation("FETCH BODY[HEADER] is not a string")
                }
            default:
                if name.hasPrefix("BODY[]<"), case .string(let bytes) = value { result.body = bytes }
            }
            index += 2
        }
        return result
    }
}

/// A read position in one response.
struct Cursor {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    static func violation(_ what: String) -> IMAPClientError {
        IMAPClientError(.protocolViolation, "the server sent \(what)")
    }

    var atEnd: Bool { index >= bytes.count || bytes[index] == 13 || bytes[index] == 10 }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ character: Unicode.Scalar) throws {
        guard consume(character) else {
            throw Self.violation(atEnd ? "a truncated response" : "'\(character)' was expected but not found")
        }
    }

    mutating func readWhile(_ accept: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count, accept(bytes[index]) { index += 1 }
        return bytes[start..<index]
    }

    /// Atom bytes (RFC 3501 ATOM-CHAR plus `\` and `*` for flags such as `\Seen` and `\*`), without `]`.
    static func isAtomByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7f && byte != UInt8(ascii: "(") && byte != UInt8(ascii: ")")
            && byte != UInt8(ascii: "{") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "%")
    }

    mutating func readAtomText() -> String {
        String(decoding: readWhile { Self.isAtomByte($0) && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") },
               as: UTF8.self)
    }

    /// The rest of the current line as text (the CRLF excluded).
    mutating func restOfLine() -> String {
        let text = readWhile { $0 != 13 && $0 != 10 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Space-separated atoms up to the end of the line.
    mutating func atomsToEnd() throws -> [String] {
        var atoms: [String] = []
        while consume(" ") {
            let atom = readAtomText()
            if atom.isEmpty { break }
            atoms.append(atom)
        }
        guard atEnd else { throw Self.violation("unexpected characters after a list of atoms") }
        return atoms
    }

    /// One value; `inCode` stops atoms at `]` (inside `[CODE …]`).
    mutating func readValue(inCode: Bool = false, depth: Int = 0) throws -> IMAPValue {
        guard let byte = peek, !atEnd else { throw Self.violation("a truncated response") }
        switch byte {
        case UInt8(ascii: "("):
            guard depth < maxDepth else {
                throw IMAPClientError(.limitExceeded, "the server nested lists deeper than \(maxDepth)")
            }
            index += 1
            var items: [IMAPValue] = []
            while true {
                guard let next = peek, !atEnd else { throw Self.violation("a truncated list") }
                if next == UInt8(ascii: ")") { index += 1; return .list(items) }
                if !items.isEmpty { try expect(" ") }
                if peek == UInt8(ascii: ")") { index += 1; return .list(items) }
                items.append(try readValue(inCode: inCode, depth: depth + 1))
            }
        case UInt8(ascii: "\""):
            return .string(try readQuoted())
        case UInt8(ascii: "{"):
            return .string(try readLiteral())
        default:
            let atom = try readAtom(inCode: inCode)
            if atom.uppercased() == "NIL" { return .null }
            return .atom(atom)
        }
    }

    /// An atom; a `[` inside it (as in `BODY[HEADER.FIELDS (SUBJECT)]<0>`) runs to the matching `]`.
    mutating func readAtom(inCode: Bool) throws -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "[") && !inCode {
                guard let close = bytes[index...].firstIndex(where: { $0 == UInt8(ascii: "]") || $0 == 10 }),
                    bytes[close] == UInt8(ascii: "]")
                else { throw Self.violation("an unterminated section in a FETCH item") }
                index = close + 1
                continue
            }
            if byte == UInt8(ascii: "]") && inCode { break }
            guard Self.isAtomByte(byte) || (byte == UInt8(ascii: "%")) else { break }
            index += 1
        }
        guard index > start else { throw Self.violation("an unexpected character") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func readQuoted() throws -> [UInt8] {
        index += 1
        var result: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return result
            case UInt8(ascii: "\\"):
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\")
                else { throw Self.violation("a bad escape in a quoted string") }
                result.append(bytes[index])
                index += 1
            case 13, 10: throw Self.violation("a line break inside a quoted string")
            default: result.append(byte)
            }
        }
        throw Self.violation("an unterminated quoted string")
    }

    mutating func readLiteral() throws -> [UInt8] {
        index += 1
        let digits = readWhile { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 12, let count = Int(String(decoding: digits, as: UTF8.self)) else {
            throw Self.violation("a malformed literal length")
        }
        _ = consume("+")
        try expect("}")
        _ = consume("\r")
        try expect("\n")
        guard count <= bytes.count - index else { throw Self.violation("a literal shorter than announced") }
        let value = Array(bytes[index..<(index + count)])
        index += count
        return value
    }
}
