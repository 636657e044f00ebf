/// Chooses the charset for raw 8-bit header bytes (sent without RFC 2047 encoding) that are not UTF-8.
///
/// Such bytes carry no label, so the charsets the message declares for its parts are the candidates.
/// Single-byte charsets decode any bytes, so they cannot be tested; a double-byte charset (GBK, Big5,
/// Shift_JIS, EUC-JP, EUC-KR) can: when one of the declared double-byte charsets decodes the bytes cleanly
/// and every run of 8-bit bytes has an even length, that is strong evidence and it wins. Otherwise the
/// first declared charset is used (the body's charset, which mailers that put raw bytes in headers share).
/// A spam-filter report in ISO-8859-1 wrapping a GB2312 original is the typical case: its copied Subject is GB2312.
enum RawHeaderCharset {
    /// Canonical names (``CharsetDecoder/canonicalName(_:)``) of the double-byte charsets worth testing.
    static let doubleByte: Set<String> = ["GB18030", "BIG5-HKSCS", "CP950", "CP932", "EUC-JP", "CP949"]

    /// The charset to decode `bytes` with, or nil when no charset is declared.
    /// - Parameter declared: the message's declared charsets, in message order, without US-ASCII and UTF-8.
    static func choose(_ bytes: [UInt8], declared: [String]) -> String? {
        guard declared.count > 1, hasEvenHighByteRuns(bytes), CharsetDecoder.strictUTF8(bytes) == nil else {
            return declared.first
        }
        for charset in declared {
            let name = CharsetDecoder.canonicalName(charset)
            if doubleByte.contains(name), CharsetDecoder.iconvDecode(bytes, from: name) != nil { return charset }
        }
        return declared.first
    }

    /// Whether the bytes hold 8-bit bytes and every maximal run of them has an even length.
    static func hasEvenHighByteRuns(_ bytes: [UInt8]) -> Bool {
        var run = 0
        var sawHigh = false
        for byte in bytes {
            if byte >= 0x80 {
                run += 1
                sawHigh = true
            } else {
                if run % 2 == 1 { return false }
                run = 0
            }
        }
        return sawHigh && run % 2 == 0
    }

    /// The charsets declared by the parts of the tree under `root`, in order, without duplicates, US-ASCII and
    /// UTF-8: first those of the message's own parts, then those inside attached messages; at most `limit`,
    /// from at most 64 parts per pass.
    static func declaredCharsets(_ root: MIMEPart, limit: Int = 8) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        var visited = 0
        func walk(_ part: MIMEPart, intoMessages: Bool) {
            guard visited < 64, result.count < limit else { return }
            visited += 1
            if let charset = part.charset, !charset.isEmpty {
                let name = CharsetDecoder.canonicalName(charset)
                if !name.isEmpty, name != "US-ASCII", name != "UTF-8", seen.insert(name).inserted {
                    result.append(charset)
                }
            }
            switch part.body {
            case .multipart(let children): children.forEach { walk($0, intoMessages: intoMessages) }
            case .message(let nested, _): if intoMessages { walk(nested, intoMessages: true) }
            case .single: break
            }
        }
        walk(root, intoMessages: false)
        visited = 0
        walk(root, intoMessages: true)
        return result
    }
}
