import Testing

@testable import SwitchboardMail

@Suite("HTML sanitiser limits")
struct HTMLSanitizerLimitsTests {
    @Test func hugeInputIsProcessedCompletely() {
        let row = "<tr><td style=\"color:#333\">Cell &amp; text</td><td><a href=\"https://e.com/x\">link</a></td></tr>"
        var html = "<table>"
        while html.utf8.count < 5 * 1024 * 1024 { html += row }
        html += "</table><p>THE END</p>"
        let out = HTMLSanitizer().sanitize(html)
        #expect(out.hasSuffix("</table><p>THE END</p>"))
        #expect(out.utf8.count > 5 * 1024 * 1024)
    }

    @Test func inputBeyondTheLimitIsTruncatedAtATagBoundary() {
        let options = HTMLSanitizer.Options(maxInputBytes: 20)
        // The limit cuts inside the <img> tag: it must vanish, not leak as text or as a half tag.
        let out = HTMLSanitizer(options: options).sanitize("<p>0123456<img src=x onerror=alert(1)></p>")
        #expect(out == "<p>0123456</p>")
        let multibyte = HTMLSanitizer(options: .init(maxInputBytes: 4)).sanitize("abcé")
        #expect(multibyte == "abc")
    }

    @Test func deepNestingIsFlattened() {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "core" + String(repeating: "</div>", count: depth)
            + "<p>after</p>"
        let out = HTMLSanitizer(options: .init(maxDepth: 50)).sanitize(html)
        #expect(out.contains("core"))
        #expect(HTMLTestSupport.count(of: "<div>", in: out) == 50)
        #expect(HTMLTestSupport.count(of: "</div>", in: out) == 50)
        #expect(out.hasSuffix("<p>after</p>"))
    }

    @Test func deepNestingWithDefaultOptionsFinishes() {
        let html = String(repeating: "<div><span><b>", count: 40_000) + "x"
        let out = HTMLSanitizer().sanitize(html)
        #expect(out.contains("x"))
        #expect(out.hasSuffix("</div>"))
    }

    @Test func manyUnclosedDroppedElementsFinish() {
        let html = String(repeating: "<object>", count: 100_000) + "x"
        #expect(HTMLSanitizer().sanitize(html) == "")
        let tags = String(repeating: "<a href=/x>", count: 50_000)
        #expect(HTMLSanitizer().sanitize(tags).hasPrefix("<a href=\"/x\""))
    }
}
