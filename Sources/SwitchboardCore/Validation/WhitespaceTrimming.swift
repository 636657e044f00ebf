/// Whitespace trimming without Foundation's `NSString` bridge.
///
/// `trimmingCharacters(in:)` converts the string to `NSString` and back on Linux: on the ticket-create path
/// (subject, body, tags, the `Authorization` header) that was 3.4% of the server's CPU at concurrency 64
/// (docs/performance.md, "Session 11"). These trim the same characters as `.whitespacesAndNewlines` and
/// `.whitespaces`, Unicode scalar by scalar (`WhitespaceTrimmingTests` compares them over every scalar).
extension StringProtocol {
    /// The text without leading and trailing white space and line breaks: Unicode `White_Space` and U+200B ZERO
    /// WIDTH SPACE, the set `CharacterSet.whitespacesAndNewlines` holds.
    public func trimmingWhitespaceAndNewlines() -> String {
        trimmingScalars { $0.properties.isWhitespace || $0 == "\u{200B}" }
    }

    /// The text without leading and trailing spaces and tabs: general category `Zs`, U+0009 and U+200B ZERO WIDTH
    /// SPACE, the set `CharacterSet.whitespaces` holds. Line breaks stay.
    public func trimmingWhitespace() -> String {
        trimmingScalars { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    private func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        // Through UTF-8 code units: slicing the string itself would round a scalar index to a Character boundary.
        return String(decoding: utf8[first..<scalars.index(after: last)], as: UTF8.self)
    }
}
