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

    /// Whether any phrase of `set` occurs: one pass over the text, trying at each position only the phrases that
    /// start with its byte (instead of one pass per phrase).
    func containsAny(_ set: PhraseSet) -> Bool {
        bytes.withUnsafeBufferPointer { haystack in
            for index in haystack.indices {
                let candidates = set.byFirstByte[Int(haystack[index])]
                if candidates.isEmpty { continue }
                for needle in candidates where Self.matches(needle, in: haystack, at: index) { return true }
            }
            return false
        }
    }

    /// The smallest offset above `minimum` at which a phrase of `set` occurs for the first time (a phrase whose
    /// first occurrence is at or below `minimum` does not count, even if it occurs again later), or nil. The same
    /// as the least `offset(of:)` over the phrases that is above `minimum`, in one pass.
    func firstOccurrence(ofAny set: PhraseSet, above minimum: Int) -> Int? {
        // Phrases found at or below `minimum`, by first byte and place in their group.
        var early = Set<Int>()
        return bytes.withUnsafeBufferPointer { haystack -> Int? in
            for index in haystack.indices {
                let first = Int(haystack[index])
                let candidates = set.byFirstByte[first]
                if candidates.isEmpty { continue }
                for (slot, needle) in candidates.enumerated() where Self.matches(needle, in: haystack, at: index) {
                    let key = first << 16 | slot
                    if index <= minimum {
                        early.insert(key)
                    } else if !early.contains(key) {
                        return index
                    }
                }
            }
            return nil
        }
    }

    /// The byte offset of the first occurrence of `phrase`, or nil.
    func offset(of phrase: String) -> Int? {
        let needle = Array(phrase.utf8)
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { haystack -> Int? in
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                if haystack[index] == first, Self.matches(needle, in: haystack, at: index) { return index }
                index += 1
            }
            return nil
        }
    }

    private static func matches(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + needle.count <= haystack.count else { return false }
        for offset in 1..<needle.count where haystack[index + offset] != needle[offset] { return false }
        return true
    }
}
