#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes bytes in a named character set to a Swift `String`, using the C library's iconv.
///
/// Labels are normalised first (case, `3D` quoted-printable garbage, quotes, common aliases such as
/// `ks_c_5601-1987`, `x-sjis`, `cp1252`, `latin1`, `unicode-1-1-utf-7`). `gb2312` is decoded as GB18030,
/// its superset, because mail labelled gb2312 is often really GBK. Decoding never fails: bytes that the
/// named charset cannot decode are replaced, and an unknown or empty label falls back to UTF-8 when the
/// bytes are valid UTF-8 and to Windows-1252 otherwise.
public struct CharsetDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// The result of a decode.
    public struct Result: Sendable, Equatable {
        /// The decoded text.
        public var text: String
        /// `false` when the label was unknown, or bytes had to be replaced or reinterpreted.
        public var isClean: Bool
    }

    /// Decodes `bytes` labelled with `charset` (nil or empty means "not stated": UTF-8 with a fallback).
    public func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        decodeReportingProblems(bytes, charset: charset).text
    }

    /// Decodes `bytes` and says whether the decode was clean.
    public func decodeReportingProblems(_ bytes: some Collection<UInt8>, charset: String?) -> Result {
        let input = Array(bytes)
        guard let label = charset.map(Self.canonicalName), !label.isEmpty else {
            return Self.fallback(input)
        }
        switch label {
        case "UTF-8":
            if let text = Self.strictUTF8(input) { return Result(text: text, isClean: true) }
            // Mislabelled mail: valid UTF-8 is impossible, so try the commonest legacy charset.
            return Result(text: String(decoding: input, as: UTF8.self), isClean: false)
        case "US-ASCII":
            if input.allSatisfy({ $0 < 0x80 }) {
                return Result(text: String(decoding: input, as: UTF8.self), isClean: true)
            }
            return Self.fallback(input)
        case "ISO-8859-1":
            // Latin-1 is a strict subset of Windows-1252 apart from C1 controls, which mail never means.
            return Result(text: Self.windows1252(input), isClean: true)
        case "CP1252" where !input.contains(where: Self.isUndefinedInWindows1252):
            // The commonest legacy charset, decoded without iconv (opening a converter costs more than most
            // bodies). Its five undefined bytes take the iconv path below.
            return Result(text: Self.windows1252(input), isClean: true)
        default:
            if let text = Self.iconvDecode(input, from: label) { return Result(text: text, isClean: true) }
            // Mislabelled mail: a sibling charset of the same script, or UTF-8, may decode cleanly.
            for sibling in Self.siblings[label] ?? [] {
                if let text = Self.iconvDecode(input, from: sibling) { return Result(text: text, isClean: false) }
            }
            if let text = Self.strictUTF8(input) { return Result(text: text, isClean: false) }
            if let text = Self.iconvDecode(input, from: label, lossy: true) {
                return Result(text: text, isClean: false)
            }
            var result = Self.fallback(input)
            result.isClean = false
            return result
        }
    }

    /// Whether iconv on this system knows the (normalised) charset label.
    public func isSupported(_ charset: String) -> Bool {
        let label = Self.canonicalName(charset)
        if label == "UTF-8" || label == "US-ASCII" || label == "ISO-8859-1" { return true }
        let handle = iconv_open("UTF-8", label)
        if handle == iconv_t(bitPattern: -1) { return false }
        iconv_close(handle)
        return true
    }

    /// Normalises a charset label to the iconv name used for it.
    public static func canonicalName(_ raw: String) -> String {
        var label = raw.trimmingASCIIWhitespace().lowercased()
        // `charset=3Dutf-8` comes from quoted-printable applied to headers by broken software.
        if label.hasPrefix("3d") && label.count > 2 { label.removeFirst(2) }
        label = String(label.filter { $0 != "\"" && $0 != "'" })
        if let star = label.firstIndex(of: "*") { label = String(label[..<star]) } // RFC 2231 language
        label = label.trimmingASCIIWhitespace()
        if label.isEmpty { return "" }
        if let alias = aliases[label] { return alias }
        if label.hasPrefix("iso8859") { label = "iso-8859" + label.dropFirst(7) }
        if label.hasPrefix("iso-8859_") || label.hasPrefix("iso_8859-") || label.hasPrefix("iso_8859_") {
            label = "iso-8859-" + label.dropFirst(9)
        }
        if label.hasPrefix("iso-8859-") {
            let number = label.dropFirst(9).prefix { $0.isNumber }
            return "ISO-8859-" + number
        }
        if label.hasPrefix("windows-") { return "CP" + label.dropFirst(8).prefix { $0.isNumber } }
        if label.hasPrefix("win-") { return "CP" + label.dropFirst(4).prefix { $0.isNumber } }
        if label.hasPrefix("x-cp") { return "CP" + label.dropFirst(4) }
        if label.hasPrefix("cp-") { return "CP" + label.dropFirst(3) }
        return label.uppercased()
    }

    private static let aliases: [String: String] = [
        "utf8": "UTF-8", "utf-8": "UTF-8", "x-utf-8": "UTF-8", "unicode-1-1-utf-8": "UTF-8",
        "utf7": "UTF-7", "utf-7": "UTF-7", "unicode-1-1-utf-7": "UTF-7", "x-unicode-2-0-utf-7": "UTF-7",
        "utf-16": "UTF-16", "utf16": "UTF-16", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
        "unicode": "UTF-16", "ucs-2": "UTF-16", "utf-32": "UTF-32",
        "us-ascii": "US-ASCII", "ascii": "US-ASCII", "ansi_x3.4-1968": "US-ASCII", "us": "US-ASCII",
        "iso-646-us": "US-ASCII", "646": "US-ASCII", "default": "US-ASCII", "x-unknown": "US-ASCII",
        "latin1": "ISO-8859-1", "latin-1": "ISO-8859-1", "l1": "ISO-8859-1", "iso-8859-1": "ISO-8859-1",
        "iso8859-1": "ISO-8859-1", "iso_8859-1": "ISO-8859-1", "iso-latin-1": "ISO-8859-1",
        "latin2": "ISO-8859-2", "latin-2": "ISO-8859-2", "latin9": "ISO-8859-15", "latin-9": "ISO-8859-15",
        "cp1252": "CP1252", "windows-1252": "CP1252", "x-ansi": "CP1252", "ansi": "CP1252",
        "cp819": "ISO-8859-1",
        "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "ksc5601": "CP949", "ks_c_5601-1989": "CP949",
        "euc-kr": "CP949", "euckr": "CP949", "x-euc-kr": "CP949", "korean": "CP949",
        "x-sjis": "CP932", "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-shift_jis": "CP932",
        "ms_kanji": "CP932", "windows-31j": "CP932", "csshiftjis": "CP932", "cp932": "CP932",
        "euc-jp": "EUC-JP", "x-euc-jp": "EUC-JP", "eucjp": "EUC-JP",
        "iso-2022-jp": "ISO-2022-JP-3", "csiso2022jp": "ISO-2022-JP-3", "iso-2022-jp-2": "ISO-2022-JP-2",
        "gb2312": "GB18030", "gb_2312-80": "GB18030", "x-gbk": "GB18030", "gbk": "GB18030", "cp936": "GB18030",
        "euc-cn": "GB18030", "x-euc-cn": "GB18030", "chinese": "GB18030", "csgb2312": "GB18030",
        "gb18030": "GB18030", "hz-gb-2312": "HZ",
        "big5": "BIG5-HKSCS", "big-5": "BIG5-HKSCS", "x-big5": "BIG5-HKSCS", "cn-big5": "BIG5-HKSCS",
        "big5-hkscs": "BIG5-HKSCS", "cp950": "CP950",
        "koi8-r": "KOI8-R", "koi8r": "KOI8-R", "koi8-u": "KOI8-U", "koi8u": "KOI8-U", "koi8-ru": "KOI8-RU",
        "tis-620": "TIS-620", "windows-874": "CP874", "macintosh": "MACINTOSH", "mac": "MACINTOSH",
        "x-mac-roman": "MACINTOSH",
    ]

    /// Charsets tried, in order, when bytes are invalid in the labelled one.
    private static let siblings: [String: [String]] = [
        "ISO-2022-JP-3": ["ISO-2022-JP-2", "CP932", "EUC-JP"], "ISO-2022-JP-2": ["CP932", "EUC-JP"],
        "ISO-2022-JP": ["CP932", "EUC-JP"], "CP932": ["EUC-JP"], "EUC-JP": ["CP932"],
        "GB18030": ["BIG5-HKSCS"], "BIG5-HKSCS": ["GB18030"], "CP950": ["BIG5-HKSCS", "GB18030"],
        "CP949": ["ISO-2022-KR"], "ISO-2022-KR": ["CP949"],
        "KOI8-R": ["KOI8-U", "CP1251"], "KOI8-U": ["KOI8-R", "CP1251"],
    ]

    /// The five bytes Windows-1252 leaves undefined.
    static func isUndefinedInWindows1252(_ byte: UInt8) -> Bool {
        byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D
    }

    /// Tries strict UTF-8, then Windows-1252 (which decodes every byte).
    static func fallback(_ input: [UInt8]) -> Result {
        if let text = strictUTF8(input) { return Result(text: text, isClean: true) }
        return Result(text: windows1252(input), isClean: false)
    }

    /// Decodes UTF-8 only when the bytes are valid UTF-8.
    static func strictUTF8(_ input: [UInt8]) -> String? {
        if input.allSatisfy({ $0 < 0x80 }) { return String(decoding: input, as: UTF8.self) }
        return String(validating: input, as: UTF8.self)
    }

    /// Windows-1252, decoding every byte (undefined positions map to the C1 control of the same value).
    static func windows1252(_ input: [UInt8]) -> String {
        // Written as UTF-8 bytes directly: appending scalars one by one to a String was a tenth of the parse time.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(input.count + input.count / 4)
        for byte in input {
            if byte < 0x80 {
                utf8.append(byte)
            } else if byte < 0xA0, let mapped = windows1252High[Int(byte - 0x80)] {
                utf8.append(contentsOf: String(mapped).utf8)
            } else {
                utf8.append(0xC0 | (byte >> 6))
                utf8.append(0x80 | (byte & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// Converts with iconv. Returns nil when the charset is unknown, or (unless `lossy`) on invalid input.
    /// In lossy mode an undecodable byte becomes U+FFFD and decoding resumes after it.
    static func iconvDecode(_ input: [UInt8], from charset: String, lossy: Bool = false) -> String? {
        let handle = iconv_open("UTF-8", charset)
        if handle == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(handle) }
        IconvModules.pin(charset)
        if input.isEmpty { return "" }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 2 + 16)
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var source = input
        let total = source.count
        let ok: Bool = source.withUnsafeMutableBufferPointer { src -> Bool in
            var offset = 0
            while true {
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(src.baseAddress! + offset)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = total - offset
                let flushing = inLeft == 0
                let (result, produced, errorCode): (Int, Int, Int32) = buffer.withUnsafeMutableBufferPointer { out in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let r: Int
                    if flushing {
                        r = iconv(handle, nil, nil, &outPtr, &outLeft)
                    } else {
                        r = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                    }
                    return (r, out.count - outLeft, r == -1 ? errno : 0)
                }
                output.append(contentsOf: buffer[0..<produced])
                if flushing { return true }
                offset = total - inLeft
                if result != -1 {
                    if offset >= total { continue } // flush the shift state next round
                    continue
                }
                switch errorCode {
                case E2BIG:
                    continue
                case EILSEQ, EINVAL:
                    if !lossy { return false }
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    offset += 1
                    inLeft -= 1
                    _ = iconv(handle, nil, nil, nil, nil) // reset the shift state
                    if offset >= total { return true }
                default:
                    return false
                }
            }
        }
        guard ok else { return nil }
        return String(decoding: output, as: UTF8.self)
    }
}

extension StringProtocol {
    /// Whether the UTF-8 form holds `byte` (an ASCII character): a byte scan, unlike Foundation's `contains(_:)`
    /// on strings, which goes through CFString and was a tenth of the parse time on real mail.
    func containsASCII(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// The string without leading and trailing ASCII spaces, tabs, CRs and LFs.
    func trimmingASCIIWhitespace() -> String {
        // On UTF-8 bytes: rebuilding a String from a slice of scalars was a tenth of the parse time.
        func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            guard let first = bytes.firstIndex(where: { !isWhitespace($0) }) else { return "" }
            let last = bytes.lastIndex(where: { !isWhitespace($0) })!
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self)
        }
        if let result = utf8.withContiguousStorageIfAvailable(trim) { return result }
        var copy = String(self)
        return copy.withUTF8(trim)
    }
}

extension Unicode.Scalar {
    var isASCIIWhitespace: Bool { self == " " || self == "\t" || self == "\r" || self == "\n" }
}
