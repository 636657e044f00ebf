import Foundation
import SwitchboardMail
import Testing

/// CPython's email test messages: no expectations, so the checks are robustness and a sensible tree.
@Suite struct CorpusPythonTests {
    @Test func everyMessageParsesWithASensibleTree() throws {
        guard let directory = CorpusSupport.emailCorpus("python-test_email") else { return }
        let files = CorpusSupport.files(in: directory, suffix: ".txt")
        #expect(!files.isEmpty)
        for url in files {
            let bytes = try CorpusSupport.bytes(url)
            let mail = try MailParser().parse(bytes)
            let name = url.lastPathComponent
            func check(_ part: MIMEPart, depth: Int) {
                #expect(depth <= MailParserLimits().maxNestingDepth, "\(name) too deep")
                #expect(!part.mimeType.isEmpty && part.mimeType.contains("/"), "\(name) has type \(part.mimeType)")
                if case .multipart(let children) = part.body {
                    #expect(part.mimeType.hasPrefix("multipart/"), "\(name): children under \(part.mimeType)")
                    children.forEach { check($0, depth: depth + 1) }
                }
                if case .message(let nested, _) = part.body { check(nested, depth: depth + 1) }
            }
            check(mail.root, depth: 0)
            let total = mail.attachments.reduce(0) { $0 + $1.size }
            #expect(total <= bytes.count * 2, "\(name): attachments larger than the message")
        }
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
