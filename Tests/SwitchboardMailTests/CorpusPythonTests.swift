import Foundation
import SwitchboardMail
import Testing

/// CPython's email test messages: no expectations, so the checks are robustness and a sensible tree.
@Suite struct CorpusPythonTests {
    /// What is wrong with the tree of `part` (nesting within the limit, a `type/subtype` everywhere, children
    /// only under multiparts); empty when it is sensible.
    static func treeProblems(_ part: MIMEPart, depth: Int = 0) -> [String] {
        var problems: [String] = []
        if depth > MailParserLimits().maxNestingDepth { problems.append("deeper than the nesting limit") }
        if part.mimeType.isEmpty || !part.mimeType.contains("/") { problems.append("type '\(part.mimeType)'") }
        switch part.body {
        case .multipart(let children):
            if !part.mimeType.hasPrefix("multipart/") { problems.append("children under \(part.mimeType)") }
            problems += children.flatMap { treeProblems($0, depth: depth + 1) }
        case .message(let nested, _):
            problems += treeProblems(nested, depth: depth + 1)
        case .single:
            break
        }
        return problems
    }

    @Test func everyMessageParsesWithASensibleTree() throws {
        guard let directory = CorpusSupport.emailCorpus("python-test_email") else { return }
        let files = CorpusSupport.files(in: directory, suffix: ".txt")
            .filter { $0.lastPathComponent.hasPrefix("msg_") } // not LICENSE.txt
        #expect(!files.isEmpty)
        var report = CorpusReport("python (sensible tree)")
        for url in files {
            do {
                let bytes = try CorpusSupport.bytes(url)
                let mail = try MailParser().parse(bytes)
                var problems = Self.treeProblems(mail.root)
                let total = mail.attachments.reduce(0) { $0 + $1.size }
                if total > bytes.count * 2 { problems.append("attachments larger than the message") }
                report.record(url.lastPathComponent, problems)
            } catch {
                report.record(url.lastPathComponent, ["error: \(error)"])
            }
        }
        report.printSummary()
        #expect(report.failures.isEmpty, "\(report.failures.map(\.0)) have no sensible tree")
    }

    @Test func knownStructuresAreRecognised() throws {
        guard let directory = CorpusSupport.emailCorpus("python-test_email") else { return }
        func load(_ name: String) throws -> ParsedMail? {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return try MailParser().parse(try CorpusSupport.bytes(url))
        }
        // A multipart/report delivery-status notification.
        if let mail = try load("msg_16.txt") {
            #expect(mail.root.mimeType == "multipart/report")
            #expect(mail.bounce.isBounce)
        }
        // multipart/digest: its parts default to message/rfc822.
        if let mail = try load("msg_28.txt") {
            #expect(mail.root.mimeType == "multipart/digest")
            #expect(!mail.root.children.isEmpty)
            #expect(mail.root.children.allSatisfy { $0.mimeType == "message/rfc822" })
        }
        if let mail = try load("msg_02.txt") {
            #expect(mail.root.mimeType == "multipart/mixed")
            #expect(!mail.attachedMessages.isEmpty)
        }
    }
}
