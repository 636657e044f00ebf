/// Case-insensitive (ASCII) phrase search over a bounded prefix of a text, on bytes: fast enough to test
/// a hundred phrases against every inbound message.
struct PhraseSearch {
    /// How much of a text is searched. Report wording is at the top of a bounce.
    static let window = 65_536

    private let bytes: [UInt8]

    init(_ text: String) {
        var lowered = Array(text.utf8.prefix(Self.window))
        for index in lowered.indices where lowered[index] >= 0x41 && lowered[index] <= 0x5A {
            lowered[index] |= 0x20
        }
        bytes = lowered
    }

    /// Whether `phrase` (lower-case) occurs.
    func contains(_ phrase: String) -> Bool { offset(of: phrase) != nil }

    /// Whether any of `phrases` occurs.
    func containsAny(_ phrases: [String]) -> Bool { phrases.contains { contains($0) } }

    /// The byte offset of the first occurrence of `phrase`, or nil.
    func offset(of phrase: String) -> Int? {
        let needle = Array(phrase.utf8)
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { haystack -> Int? in
            let first = needle[0]
            let last = haystack.count - needle.count
            var index = 0
            while index <= last {
                if haystack[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
