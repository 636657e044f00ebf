import Foundation
import SwitchboardMail
import Testing

/// The Stalwart mail-parser fixtures (the `.json` expectations of the input with every CR removed),
/// compared on what the corpus README calls reliable.
@Suite struct CorpusStalwartTests {
    /// One expected part.
    struct ExpectedPart {
        var headers: [[String: Any]]
        var body: [String: Any]
    }

    static func header(_ part: [String: Any], _ name: String) -> Any? {
        guard let headers = part["headers"] as? [[String: Any]] else { return nil }
        return headers.first { ($0["name"] as? String) == name }?["value"]
    }

    static func addresses(_ value: Any?) -> [(name: String?, address: String?)] {
        guard let value = value as? [String: Any], let address = value["Address"] as? [String: Any] else { return [] }
        func convert(_ list: [[String: Any]]) -> [(String?, String?)] {
            list.map { ($0["name"] as? String, $0["address"] as? String) }
        }
        if let list = address["List"] as? [[String: Any]] { return convert(list) }
        if let groups = address["Group"] as? [[String: Any]] {
            return groups.flatMap { convert(($0["addresses"] as? [[String: Any]]) ?? []) }
        }
        return []
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Equal after collapsing whitespace, where a U+FFFD in the expectation (bytes Stalwart could not
    /// decode; we decode raw 8-bit headers as Windows-1252) matches any one character.
    static func sameText(_ ours: String, _ expected: String) -> Bool {
        let left = Array(collapse(ours)), right = Array(collapse(expected))
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { $0 == $1 || $1 == "\u{FFFD}" }
    }

    static func transferEncoding(_ part: [String: Any]) -> String? {
        guard let value = header(part, "content_transfer_encoding") as? [String: Any] else { return nil }
        return (value["Text"] as? String)?.lowercased()
    }

    static func check(_ expected: [String: Any], _ mail: ParsedMail) -> [String] {
        var problems: [String] = []
        guard let parts = expected["parts"] as? [[String: Any]], let root = parts.first else {
            return ["expectation has no parts"]
        }
        if let subject = header(root, "subject") as? [String: Any], let text = subject["Text"] as? String {
            if !sameText(mail.subject ?? "", text) { problems.append("subject \(mail.subject ?? "nil") ≠ \(text)") }
        }
        let from = addresses(header(root, "from"))
        if let first = from.first(where: { $0.address != nil }) ?? from.first {
            if (first.address ?? "").lowercased() != (mail.from?.address ?? "").lowercased() {
                problems.append("from \(mail.from?.address ?? "nil") ≠ \(first.address ?? "nil")")
            }
            if first.address != nil, let name = first.name, !name.contains("("),
               collapse(name) != collapse(mail.from?.name ?? "") {
                problems.append("from name \(mail.from?.name ?? "nil") ≠ \(name)")
            }
        }
        for (key, actual) in [("to", mail.to), ("cc", mail.cc), ("reply_to", mail.replyTo)] {
            let want = Set(addresses(header(root, key)).compactMap { $0.address?.lowercased() })
            let got = Set(actual.map { $0.address.lowercased() }.filter { !$0.isEmpty })
            if want != got { problems.append("\(key) \(got.sorted()) ≠ \(want.sorted())") }
        }
        let htmlIndices = (expected["html_body"] as? [Int]) ?? []
        let expectsHTML = htmlIndices.contains { index in
            index < parts.count && (parts[index]["body"] as? [String: Any])?["Html"] != nil
        }
        if expectsHTML != (mail.html != nil) {
            problems.append("html body expected=\(expectsHTML) got=\(mail.html != nil)")
        }
        let attachmentIndices = (expected["attachments"] as? [Int]) ?? []
        if attachmentIndices.count != mail.attachments.count {
            problems.append("attachments \(mail.attachments.count) ≠ \(attachmentIndices.count) "
                + "(got \(mail.attachments.map(\.contentType)))")
        } else {
            for (position, index) in attachmentIndices.enumerated() where index < parts.count {
                let attachment = mail.attachments[position]
                guard let body = parts[index]["body"] as? [String: Any] else { continue }
                if let bytes = (body["Binary"] ?? body["InlineBinary"]) as? [Int] {
                    var expectedBytes = bytes.map { UInt8(truncatingIfNeeded: $0) }
                    if let encoding = Self.transferEncoding(parts[index]), encoding.contains("uu") {
                        // Stalwart keeps uuencoded bodies undecoded; we decode them.
                        expectedBytes = TransferDecoding.uuencode(expectedBytes).bytes
                    }
                    if CorpusSupport.sha256Hex(expectedBytes) != attachment.sha256 {
                        problems.append("attachment \(position) bytes differ (\(attachment.size) vs \(bytes.count))")
                    }
                } else if var text = (body["Text"] ?? body["Html"]) as? String {
                    if let encoding = Self.transferEncoding(parts[index]), encoding.contains("uu") {
                        text = CharsetDecoder().decode(TransferDecoding.uuencode(Array(text.utf8)).bytes,
                                                       charset: attachment.charset)
                    }
                    let ours = CharsetDecoder().decode(attachment.data, charset: attachment.charset)
                    if !sameText(ours, text) {
                        problems.append("attachment \(position) text \(ours.prefix(60).debugDescription) ≠ "
                            + text.prefix(60).debugDescription)
                    }
                }
            }
        }
        return problems
    }

    @Test func stalwartMailsParseAsExpected() throws {
        guard let directory = CorpusSupport.emailCorpus("stalwart-mail-parser") else { return }
        var report = CorpusReport("stalwart")
        let parser = MailParser()
        for eml in CorpusSupport.files(in: directory, suffix: ".eml") {
            let jsonURL = eml.deletingPathExtension().appendingPathExtension("json")
            guard FileManager.default.fileExists(atPath: jsonURL.path) else { continue }
            let name = eml.pathComponents.suffix(2).joined(separator: "/")
            do {
                let bytes = try CorpusSupport.bytes(eml).filter { $0 != 0x0D }
                let object = try JSONSerialization.jsonObject(with: Data(contentsOf: jsonURL))
                let expected = object as? [String: Any] ?? [:]
                report.record(name, Self.check(expected, try parser.parse(bytes)))
            } catch {
                report.record(name, ["error: \(error)"])
            }
        }
        report.printSummary(knownDifferences: Self.knownDifferences)
        #expect(report.total > 0)
        // Issue 3 asks for 95 %. Measured: 77 of 81 (95.1 %); the four failures are the known differences below.
        print("Stalwart: issue floor 95 %")
        #expect(report.rate >= 0.95, "Stalwart pass rate \(report.rate) fell below the 95% floor of issue 3")
    }

    /// Cases where we differ from Stalwart on purpose, and why: printed with the failure, still counted as failing.
    static let knownDifferences: [String: String] = [
        "malformed/007.eml": "Stalwart reads '--ab--' as its delimiter '--a' and then finds an empty part without "
            + "headers, which it files as an attachment; we see no such part (an empty attachment tells an "
            + "agent nothing).",
        "malformed/011.eml": "an inner multipart is never closed and the outer delimiter '--1' follows; Stalwart "
            + "looks only for the innermost boundary and reads the outer delimiter and the next outer part as "
            + "text of the inner part, which the end of the input then cuts off (an attachment), we end the "
            + "inner part at the enclosing delimiter (RFC 2046 5.1.2) and keep the next part as its own: a text "
            + "part whose delimiters were all unambiguous, so shown as text although the input ends inside it.",
        "malformed/012.eml": "as malformed/011: Stalwart merges the third attached message into the second, we keep "
            + "the three attached messages.",
        "thirdparty/015.eml": "three attached messages whose headers run straight into the next delimiter; "
            + "Stalwart's header parser does not stop at the delimiter and swallows the second and third "
            + "attachment into the first, we keep the three attachments that were sent.",
    ]
}
