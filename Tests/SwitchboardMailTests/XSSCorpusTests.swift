import Foundation
import Testing

@testable import SwitchboardMail

/// Runs every payload of the shared XSS corpus (`shared/corpus/xss/*.jsonl`, read in place) through the
/// sanitiser and checks structural properties of each output. Execution in a real browser is checked
/// separately by `scripts/xss-browser-test.py`.
@Suite("XSS corpus")
struct XSSCorpusTests {
    struct Payload {
        var id: String
        var html: String
    }

    /// `$SWITCHBOARD_SHARED_DIR/corpus/xss`, else `<package root>/../shared/corpus/xss`.
    static func corpusDirectory() -> URL {
        if let shared = ProcessInfo.processInfo.environment["SWITCHBOARD_SHARED_DIR"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("corpus/xss")
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/xss")
    }

    static func loadPayloads() throws -> [Payload]? {
        let directory = corpusDirectory()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        var payloads: [Payload] = []
        for name in names.sorted() where name.hasSuffix(".jsonl") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
                guard let id = object?["id"] as? String, let html = object?["payload"] as? String else { continue }
                payloads.append(Payload(id: id, html: html))
            }
        }
        return payloads
    }

    /// Every problem found in one sanitised output (empty when it is clean).
    static func problems(in output: String) -> [String] {
        var problems: [String] = []
        let lower = output.lowercased()
        for needle in ["<script", "<iframe", "<svg", "<math", "<object", "<embed", "<style", "<base", "<meta",
                       "<link", "<form", "<input", "<button", "<textarea", "<noscript", "<template", "<frame",
                       "<applet", "<!--", "<!"]
        where lower.contains(needle) {
            problems.append("contains \(needle)")
        }
        var tokenizer = HTMLTokenizer(output)
        var open: [String] = []
        let ownAttributes: Set<String> = ["class", "href", "src", "data-remote-src", "style", "rel", "target"]
        while let token = tokenizer.next() {
            switch token {
            case .startTag(let tag):
                if !HTMLElementPolicy.allowed.contains(tag.name) { problems.append("element <\(tag.name)>") }
                for attribute in tag.attributes {
                    if attribute.name.hasPrefix("on") { problems.append("event handler \(attribute.name)") }
                    if !ownAttributes.contains(attribute.name)
                        && HTMLAttributePolicy.kind(of: attribute.name, on: tag.name) == nil {
                        problems.append("attribute \(attribute.name) on \(tag.name)")
                    }
                    let folded = String(attribute.value.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
                    for scheme in ["javascript:", "vbscript:", "livescript:", "data:text", "data:image/svg"]
                    where folded.contains(scheme) && attribute.name != "title" && attribute.name != "alt" {
                        problems.append("\(scheme) in \(attribute.name)")
                    }
                    if ["href", "src", "data-remote-src"].contains(attribute.name)
                        && (folded.hasPrefix("javascript:") || folded.hasPrefix("vbscript:")) {
                        problems.append("script URL in \(attribute.name)")
                    }
                    if attribute.name == "style",
                        ["url(", "expression", "\\", "@", "behavior", "binding"].contains(where: folded.contains) {
                        problems.append("unsafe style \(attribute.value)")
                    }
                }
                if !HTMLElementPolicy.void.contains(tag.name) { open.append(tag.name) }
            case .endTag(let name):
                if open.last == name { open.removeLast() } else { problems.append("unbalanced </\(name)>") }
            case .comment, .doctype:
                problems.append("comment or doctype")
            case .text:
                break
            }
        }
        if !open.isEmpty { problems.append("unclosed \(open)") }
        return problems
    }

    @Test func everyPayloadSanitisesToSafeStableMarkup() throws {
        guard let payloads = try Self.loadPayloads(), !payloads.isEmpty else {
            print("XSS corpus test skipped: no *.jsonl in \(Self.corpusDirectory().path) "
                + "(set SWITCHBOARD_SHARED_DIR to the shared folder)")
            return
        }
        let sanitizer = HTMLSanitizer()
        var failures: [String] = []
        for payload in payloads {
            let output = sanitizer.sanitize(payload.html)
            let problems = Self.problems(in: output)
            if !problems.isEmpty { failures.append("\(payload.id): \(problems.prefix(3)) in \(output.prefix(200))") }
            if sanitizer.sanitize(output) != output { failures.append("\(payload.id): not idempotent") }
        }
        print("XSS corpus: \(payloads.count) payloads sanitised, \(failures.count) with problems")
        #expect(payloads.count > 1000)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func checkerCatchesUnsafeMarkup() {
        // The structural checker must itself be able to fail.
        #expect(!Self.problems(in: "<img src=x onerror=alert(1)>").isEmpty)
        #expect(!Self.problems(in: "<a href=\"java&#x09;script:alert(1)\">x</a>").isEmpty)
        #expect(!Self.problems(in: "<script>alert(1)</script>").isEmpty)
        #expect(!Self.problems(in: "<p style=\"background:url(x)\">x</p>").isEmpty)
        #expect(!Self.problems(in: "<b><i>x</b>").isEmpty)
        #expect(Self.problems(in: "<p>ok <a href=\"https://x.org\" rel=\"noopener\">x</a></p>").isEmpty)
    }
}
