import Testing

@testable import SwitchboardMail

/// ``PhraseSearch`` with prepared ``PhraseSet``s answers exactly what one search per phrase answers.
@Suite("Phrase search")
struct PhraseSearchTests {
    static let phrases = ["original message", "--- original", "copy of the message", "a", "message/rfc822", "zz"]

    /// The answers of one `offset(of:)` per phrase, the way bounce detection asked before the one-pass forms.
    static func reference(_ search: PhraseSearch, above minimum: Int) -> (any: Bool, first: Int?) {
        let offsets = phrases.compactMap { search.offset(of: $0) }
        return (!offsets.isEmpty, offsets.filter { $0 > minimum }.min())
    }

    @Test("one pass over the text agrees with one search per phrase, on random texts")
    func agreesWithPerPhraseSearch() {
        var generator = SplitMix(seed: 42)
        let pieces = Self.phrases + ["ORIGINAL Message", "Copy of the MESSAGE", "b", "\n", " ", "é", "z", "---"]
        let set = PhraseSet(Self.phrases)
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let search = PhraseSearch(text)
            for minimum in [0, 5, 40] {
                let expected = Self.reference(search, above: minimum)
                #expect(search.containsAny(set) == expected.any, "\(text)")
                #expect(search.firstOccurrence(ofAny: set, above: minimum) == expected.first, "\(text) above \(minimum)")
            }
        }
    }

    @Test("a phrase first seen at or below the minimum does not count later")
    func earlyPhraseIsIgnored() {
        let search = PhraseSearch("zz then a long way on, zz again and then message/rfc822 here")
        let set = PhraseSet(["zz", "message/rfc822"])
        #expect(search.firstOccurrence(ofAny: set, above: 5) == search.offset(of: "message/rfc822"))
        #expect(search.firstOccurrence(ofAny: PhraseSet(["zz"]), above: 5) == nil)
        #expect(search.firstOccurrence(ofAny: PhraseSet([]), above: 0) == nil)
        #expect(!PhraseSearch("").containsAny(set))
    }
}
