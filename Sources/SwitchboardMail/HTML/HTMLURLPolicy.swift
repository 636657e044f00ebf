/// Decides which URLs may appear in `href` and `src` attributes.
///
/// URLs are examined the way a browser's URL parser sees them (character references are already decoded by
/// the tokenizer): leading and trailing C0 controls and spaces are stripped, ASCII tab, LF and CR are removed
/// everywhere, and the scheme is compared case-insensitively. A value with a colon before any `/`, `?` or `#`
/// that does not start with an allowed scheme is refused, so odd spellings such as `java\u{FFFD}script:` or
/// a scheme preceded by a non-breaking space never get through.
enum HTMLURLPolicy {
    /// Schemes a link may use. Relative references (`/path`, `page.html`, `#top`, `//host`) are also allowed.
    static let linkSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// Image MIME types allowed in `data:` image sources. SVG is excluded: it can carry script.
    static let imageMediaTypes: Set<String> = [
        "image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/bmp", "image/avif",
        "image/x-icon", "image/vnd.microsoft.icon",
    ]

    /// Longest link URL kept.
    static let maxLinkLength = 8192

    /// Strips what a URL parser ignores: outer C0 controls and spaces, and every tab, LF and CR.
    static func clean(_ raw: String) -> String {
        let bytes = raw.utf8
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }),
            let last = bytes.lastIndex(where: { $0 > 0x20 }) else { return "" }
        let trimmed = bytes[first...last]
        if !trimmed.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return String(decoding: trimmed, as: UTF8.self)
        }
        return String(decoding: trimmed.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
    }

    /// What a cleaned URL starts with.
    enum Reference: Equatable {
        /// An absolute URL with this (lower-cased) scheme.
        case absolute(scheme: String)
        /// A relative reference with no scheme.
        case relative
        /// Something a browser might read as a scheme in a way we do not: refused.
        case suspicious
    }

    static func reference(of cleaned: String) -> Reference {
        var scheme = ""
        for scalar in cleaned.unicodeScalars {
            if scalar == ":" {
                guard let first = scheme.unicodeScalars.first, isASCIIAlpha(first) else { return .suspicious }
                return .absolute(scheme: scheme.lowercased())
            }
            if scalar == "/" || scalar == "?" || scalar == "#" { return .relative }
            scheme.unicodeScalars.append(scalar)
        }
        return .relative
    }

    /// The cleaned link target to keep, or `nil` when the link must lose its `href`.
    static func linkTarget(_ raw: String) -> String? {
        let cleaned = clean(raw)
        guard cleaned.utf8.count <= maxLinkLength, !containsControl(cleaned), !mentionsScriptScheme(cleaned) else {
            return nil
        }
        switch reference(of: cleaned) {
        case .absolute(let scheme):
            guard linkSchemes.contains(scheme), isSchemeWellFormed(cleaned, scheme: scheme) else { return nil }
            return cleaned
        case .relative:
            return cleaned
        case .suspicious:
            return nil
        }
    }

    /// What to do with an image source.
    enum ImageSource: Equatable {
        /// A `data:` image with an allowed raster type, cleaned.
        case inline(String)
        /// An `http:`/`https:` image: remote content, blocked unless the caller allows remote images.
        case remote(String)
        /// A `cid:` reference to a MIME part; the associated value is the decoded Content-ID.
        case contentID(String)
        /// Anything else: the image is dropped.
        case refused
    }

    static func imageSource(_ raw: String) -> ImageSource {
        let cleaned = clean(raw)
        guard !containsControl(cleaned), !mentionsScriptScheme(cleaned) else { return .refused }
        guard case .absolute(let scheme) = reference(of: cleaned),
            isSchemeWellFormed(cleaned, scheme: scheme) else { return .refused }
        let rest = String(cleaned.unicodeScalars.dropFirst(scheme.unicodeScalars.count + 1))
        switch scheme {
        case "http", "https":
            guard cleaned.utf8.count <= maxLinkLength else { return .refused }
            return .remote(cleaned)
        case "cid":
            let contentID = percentDecoded(rest).trimmingAngleBrackets()
            return contentID.isEmpty ? .refused : .contentID(contentID)
        case "data":
            return inlineImage(rest).map { .inline("data:" + $0) } ?? .refused
        default:
            return .refused
        }
    }

    /// Validates the part of a `data:` URL after the scheme: `image/<raster>[;params];base64,<base64>`.
    private static func inlineImage(_ rest: String) -> String? {
        guard let comma = rest.firstIndex(of: ",") else { return nil }
        let header = rest[..<comma].lowercased().filter { $0 != " " }
        let payload = rest[rest.index(after: comma)...]
        var parts = header.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard parts.last == "base64", let mediaType = parts.first, imageMediaTypes.contains(mediaType) else {
            return nil
        }
        parts.removeLast()
        for parameter in parts.dropFirst() where !parameter.allSatisfy(isParameterCharacter) {
            return nil
        }
        guard payload.unicodeScalars.allSatisfy(isBase64Character) else { return nil }
        return header + "," + payload
    }

    /// Resolves a `cid:` target returned by the caller's resolver: it must itself be a safe link target
    /// (relative, http or https).
    static func resolvedContentURL(_ raw: String) -> String? {
        guard let target = linkTarget(raw) else { return nil }
        switch reference(of: target) {
        case .relative: return target
        case .absolute(let scheme) where scheme == "http" || scheme == "https": return target
        default: return nil
        }
    }

    private static func isSchemeWellFormed(_ cleaned: String, scheme: String) -> Bool {
        scheme.unicodeScalars.allSatisfy {
            isASCIIAlpha($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)
        }
    }

    /// Defence in depth: refuse any URL that mentions a script scheme anywhere (even inside a relative path
    /// or a query string, where it is harmless today), ignoring white space, controls and case.
    private static func mentionsScriptScheme(_ value: String) -> Bool {
        var folded: [UInt8] = []
        folded.reserveCapacity(value.utf8.count)
        for byte in value.utf8 where byte > 0x20 && byte != 0x7F {
            folded.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        return scriptSchemes.contains { CSSStyleFilter.contains(folded, $0) }
    }

    private static let scriptSchemes = ["javascript:", "vbscript:", "livescript:"].map { Array($0.utf8) }

    private static func containsControl(_ value: String) -> Bool {
        value.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    private static func isASCIIAlpha(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isBase64Character(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlpha(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "/" || scalar == "="
            || scalar == " "
    }

    private static func isParameterCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "=-_.".contains(character))
    }

    private static func percentDecoded(_ value: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(value.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexDigit(iterator[iterator.startIndex]),
                let low = hexDigit(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}

extension String {
    /// The string without one pair of surrounding `<` `>` (Content-IDs are often written `<id@host>`).
    fileprivate func trimmingAngleBrackets() -> String {
        guard hasPrefix("<"), hasSuffix(">"), count >= 2 else { return self }
        return String(dropFirst().dropLast())
    }
}
