/// A header value of the form `value; name=param; …` (Content-Type, Content-Disposition), with
/// RFC 2231 extended parameters (`name*=charset'lang'%XX`, continuations `name*0*=`) and RFC 2047
/// encoded words inside quoted values decoded.
public struct HeaderParameters: Sendable, Hashable {
    /// The main value, lower-cased and trimmed (e.g. `text/plain`, `attachment`).
    public var value: String
    /// Parameters in order of first appearance, names lower-cased, values decoded.
    public var parameters: [(name: String, value: String)]

    /// The first parameter named `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        let key = name.lowercased()
        return parameters.first { $0.name == key }?.value
    }

    public static func == (lhs: HeaderParameters, rhs: HeaderParameters) -> Bool {
        lhs.value == rhs.value && lhs.parameters.elementsEqual(rhs.parameters) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        for parameter in parameters {
            hasher.combine(parameter.name)
            hasher.combine(parameter.value)
        }
    }

    /// Creates parameters directly.
    public init(value: String, parameters: [(name: String, value: String)] = []) {
        self.value = value
        self.parameters = parameters
    }

    /// Parses raw header bytes.
    public init(parsing raw: [UInt8]) {
        var scanner = ParameterScanner(bytes: raw)
        // "image/ jpeg", " text /plain", "text/": whitespace inside the type and an empty subtype are dropped.
        var main = String(scanner.mainValue().lowercased().unicodeScalars.filter { !$0.isASCIIWhitespace })
        while main.hasSuffix("/") { main.removeLast() }
        value = main
        var plain: [(String, String)] = []
        var extended: [String: [Int: (encoded: Bool, text: [UInt8])]] = [:]
        var order: [String] = []
        var seen = Set<String>()
        while let (rawName, rawValue, _) = scanner.nextParameter() {
            var name = rawName.lowercased()
            var section = -1
            var encoded = false
            if let star = name.firstIndex(of: "*") {
                let base = String(name[..<star])
                var rest = name[name.index(after: star)...]
                if rest.hasSuffix("*") {
                    encoded = true
                    rest = rest.dropLast()
                }
                if rest.isEmpty {
                    section = 0
                    encoded = true
                } else if let number = Int(rest), number >= 0, number < 10_000 {
                    section = number
                } else {
                    section = 0
                }
                if rawName.hasSuffix("*") { encoded = true }
                name = base
                if !seen.contains(name) { seen.insert(name); order.append(name) }
                var sections = extended[name, default: [:]]
                if sections[section] == nil { sections[section] = (encoded, rawValue) }
                extended[name] = sections
                continue
            }
            if !seen.contains(name) { seen.insert(name); order.append(name) }
            let text = CharsetDecoder.fallback(rawValue).text
            plain.append((name, EncodedWords.decode(text)))
        }
        var result: [(name: String, value: String)] = []
        for name in order {
            if let sections = extended[name] {
                result.append((name, Self.joinExtended(sections)))
            } else if let entry = plain.first(where: { $0.0 == name }) {
                result.append((name, entry.1))
            }
        }
        parameters = result
    }

    /// Joins RFC 2231 sections: the first encoded section may carry `charset'language'`.
    private static func joinExtended(_ sections: [Int: (encoded: Bool, text: [UInt8])]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for key in sections.keys.sorted() {
            guard let section = sections[key] else { continue }
            var text = section.text[...]
            if section.encoded {
                if key == sections.keys.min(), let first = text.firstIndex(of: UInt8(ascii: "'")),
                   let second = text[(first + 1)...].firstIndex(of: UInt8(ascii: "'")) {
                    let label = String(decoding: text[text.startIndex..<first], as: UTF8.self)
                    if !label.isEmpty { charset = label }
                    text = text[(second + 1)...]
                }
                bytes.append(contentsOf: percentDecode(text))
            } else {
                bytes.append(contentsOf: text)
            }
        }
        let decoded = CharsetDecoder().decode(bytes, charset: charset)
        return EncodedWords.decode(decoded)
    }

    static func percentDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "%"), index + 2 < text.endIndex,
               let high = TransferDecoding.hexValue(text[index + 1]),
               let low = TransferDecoding.hexValue(text[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}

/// A tolerant scanner for `value; a=b; c="d"` header syntax.
private struct ParameterScanner {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpaceAndComments() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                position += 1
            } else if byte == UInt8(ascii: "(") {
                skipComment()
            } else {
                break
            }
        }
    }

    mutating func skipComment() {
        var depth = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\\") { position += 1; continue }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1; if depth == 0 { return } }
        }
    }

    mutating func mainValue() -> String {
        skipSpaceAndComments()
        var output: [UInt8] = []
        while position < bytes.count && bytes[position] != UInt8(ascii: ";") {
            let byte = bytes[position]
            if byte == UInt8(ascii: "(") { skipComment(); continue }
            if byte == UInt8(ascii: "\"") { position += 1; continue }
            // Some mailers forget the ";" before the first parameter: "text/plain charset=utf-8".
            if byte == 0x20 || byte == 0x09 {
                var look = position
                while look < bytes.count && (bytes[look] == 0x20 || bytes[look] == 0x09) { look += 1 }
                if let equals = bytes[look...].firstIndex(where: {
                    $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ";") || $0 == 0x20
                }), bytes[equals] == UInt8(ascii: "=") {
                    position = look
                    return String(decoding: output, as: UTF8.self).trimmingASCIIWhitespace()
                }
            }
            output.append(byte)
            position += 1
        }
        return String(decoding: output, as: UTF8.self).trimmingASCIIWhitespace()
    }

    /// The next `name=value`, or nil at the end.
    mutating func nextParameter() -> (String, [UInt8], Bool)? {
        while position < bytes.count {
            skipSpaceAndComments()
            while position < bytes.count && (bytes[position] == UInt8(ascii: ";") || bytes[position] == 0x20) {
                position += 1
            }
            skipSpaceAndComments()
            guard position < bytes.count else { return nil }
            let nameStart = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "="), bytes[position] != UInt8(ascii: ";") {
                position += 1
            }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self).trimmingASCIIWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                continue // a bare word without "=": skip it
            }
            position += 1
            skipSpaceAndComments()
            var value: [UInt8] = []
            var quoted = false
            if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
                quoted = true
                position += 1
                while position < bytes.count && bytes[position] != UInt8(ascii: "\"") {
                    if bytes[position] == UInt8(ascii: "\\") && position + 1 < bytes.count {
                        // Windows paths in file names: keep a backslash that escapes nothing special.
                        let next = bytes[position + 1]
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") {
                            position += 1
                        }
                    }
                    value.append(bytes[position])
                    position += 1
                }
                position += 1
                // Junk after the closing quote up to ";" is ignored.
                while position < bytes.count && bytes[position] != UInt8(ascii: ";") { position += 1 }
            } else {
                while position < bytes.count && bytes[position] != UInt8(ascii: ";") {
                    value.append(bytes[position])
                    position += 1
                }
                while let last = value.last, last == 0x20 || last == 0x09 || last == 0x0D || last == 0x0A {
                    value.removeLast()
                }
            }
            if name.isEmpty { continue }
            return (name, value, quoted)
        }
        return nil
    }
}
