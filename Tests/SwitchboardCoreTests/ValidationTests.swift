import Foundation
import Testing

@testable import SwitchboardCore

@Suite("Input validation")
struct ValidationTests {
    @Test("emails are trimmed and lower-cased", arguments: [
        ("  Jane.Doe@Example.COM ", "jane.doe@example.com"), ("a+b@sub.example.org", "a+b@sub.example.org"),
    ])
    func validEmails(_ input: String, _ expected: String) throws {
        #expect(try Validation.email(input, field: "email") == expected)
    }

    @Test("malformed emails are rejected naming the field", arguments: [
        "", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a b@example.com", "a@example.com.", "<a@b.com>",
        "a@.example.com", String(repeating: "x", count: 250) + "@example.com", "a\u{0}@example.com",
    ])
    func invalidEmails(_ input: String) {
        #expect(throws: SwitchboardError.invalid("requester.email", "must be a valid email address")) {
            try Validation.email(input, field: "requester.email")
        }
    }

    @Test("phones keep a leading plus and digits only")
    func phones() throws {
        #expect(try Validation.phone("+49 (30) 1234-567", field: "phone") == "+49301234567")
        #expect(throws: SwitchboardError.self) { try Validation.phone("call me", field: "phone") }
        #expect(throws: SwitchboardError.self) { try Validation.phone("123", field: "phone") }
    }

    @Test("text is trimmed, non-empty, bounded and free of control characters")
    func text() throws {
        #expect(try Validation.text("  Hello\n", field: "subject", maxLength: 10) == "Hello")
        #expect(throws: SwitchboardError.self) { try Validation.text("   ", field: "subject", maxLength: 10) }
        #expect(throws: SwitchboardError.self) { try Validation.text("12345678901", field: "subject", maxLength: 10) }
        #expect(throws: SwitchboardError.self) { try Validation.text("bell\u{7}", field: "subject", maxLength: 10) }
        #expect(try Validation.text("", field: "notes", maxLength: 10, allowEmpty: true) == "")
    }

    @Test("tags are normalised, de-duplicated and sorted")
    func tags() throws {
        #expect(try Validation.tags(["VIP", "billing", " vip "]) == ["billing", "vip"])
        #expect(throws: SwitchboardError.self) { try Validation.tags(["two words"]) }
        #expect(throws: SwitchboardError.self) { try Validation.tags([""]) }
        #expect(throws: SwitchboardError.self) { try Validation.tags((0...50).map { "t\($0)" }) }
    }

    @Test("previews fold whitespace and shorten")
    func preview() {
        #expect(Validation.preview("a\n\n  b\tc") == "a b c")
        let long = Validation.preview(String(repeating: "word ", count: 100), length: 20)
        #expect(long.count == 20)
        #expect(long.hasSuffix("…"))
    }
}
