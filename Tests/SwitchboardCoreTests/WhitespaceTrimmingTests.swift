import Foundation
import Testing

@testable import SwitchboardCore

@Suite("Whitespace trimming without NSString")
struct WhitespaceTrimmingTests {
    /// Every Unicode scalar (surrogates cannot be scalars).
    static let allScalars: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test("trimmingWhitespaceAndNewlines trims exactly the scalars of CharacterSet.whitespacesAndNewlines")
    func sameSetAsFoundationWithNewlines() {
        let mismatches = Self.allScalars.filter { scalar in
            let text = "\(scalar)x\(scalar)"
            return text.trimmingWhitespaceAndNewlines() != text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(mismatches.isEmpty, "differs from Foundation for \(mismatches.prefix(10).map { $0.value })")
    }

    @Test("trimmingWhitespace trims exactly the scalars of CharacterSet.whitespaces")
    func sameSetAsFoundation() {
        let mismatches = Self.allScalars.filter { scalar in
            let text = "\(scalar)x\(scalar)"
            return text.trimmingWhitespace() != text.trimmingCharacters(in: .whitespaces)
        }
        #expect(mismatches.isEmpty, "differs from Foundation for \(mismatches.prefix(10).map { $0.value })")
    }

    @Test("runs of white space at both ends go, inner white space and other text stay", arguments: [
        ("", ""), ("   ", ""), ("\n\t \r\n", ""), ("a", "a"), ("  a b  ", "a b"),
        ("\u{3000}\u{A0}Ticket\u{2029}", "Ticket"),
        (" \u{301}x ", "\u{301}x"), ("x\u{0}", "x\u{0}"), ("🎉 party 🎉\n", "🎉 party 🎉"), ("a\r\n", "a"),
    ])
    func examples(_ input: String, _ expected: String) {
        #expect(input.trimmingWhitespaceAndNewlines() == expected)
        #expect(input.trimmingWhitespaceAndNewlines() == input.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(input.trimmingWhitespace() == input.trimmingCharacters(in: .whitespaces))
    }

    @Test("substrings trim like strings")
    func substrings() {
        let header = "Bearer   sbt_abc \t"
        let secret = header.split(separator: " ", maxSplits: 1)[1]
        #expect(secret.trimmingWhitespace() == "sbt_abc")
        #expect("line\n ".trimmingWhitespace() == "line\n")
    }
}
