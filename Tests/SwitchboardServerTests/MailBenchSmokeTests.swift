import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

/// `switchboard bench mail` in miniature, so the instrument keeps working: results are checked, timings never.
@Suite("Mail benchmark smoke test")
struct MailBenchSmokeTests {
    @Test func generatedMailsAreValidVariedAndRepeatable() throws {
        let generator = MailBenchGenerator(count: 60, recipient: "support@bench.example")
        let mails = generator.messages()
        #expect(mails == generator.messages())
        let parsed = try mails.map { try MailParser().parse($0) }
        #expect(parsed.allSatisfy { $0.subject?.isEmpty == false && $0.from != nil && $0.messageID != nil })
        #expect(parsed.contains { $0.html != nil })
        #expect(parsed.contains { !$0.attachments.isEmpty })
        #expect(parsed.contains { !$0.inReplyTo.isEmpty })
    }

    @Test func parseBenchCountsEveryRound() {
        let mails = MailBenchGenerator(count: 20, recipient: "support@bench.example").messages()
        let result = MailParseBench(source: "generated", messages: mails).run(duration: .milliseconds(50))
        #expect(result.rounds >= 1)
        #expect(result.parsed == result.rounds * 20)
        #expect(result.refused == 0)
        #expect(result.bytes == result.rounds * mails.reduce(0) { $0 + $1.count })
    }

    @Test func corpusLoaderFindsMailFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("Subject: a\r\n\r\nx\r\n".utf8).write(to: directory.appendingPathComponent("a.eml"))
        try Data("Subject: b\r\n\r\ny\r\n".utf8).write(to: directory.appendingPathComponent("sub/b.box"))
        try Data("not mail".utf8).write(to: directory.appendingPathComponent("c.json"))
        let bench = try #require(MailParseBench.corpus(directory: directory.path))
        #expect(bench.messages.count == 2)
        #expect(MailParseBench.corpus(directory: directory.appendingPathComponent("missing").path) == nil)
    }

    @Test func dotStuffingFollowsRFC5321() {
        let stuffed = LMTPBlockingConnection.dotStuffed(Array("a\n.b\r\n..c\r\nend".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "a\r\n..b\r\n...c\r\nend\r\n.\r\n")
    }

    @Test(arguments: TestBackend.all)
    func ingestOverLMTPStoresEveryMailOnce(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend, configure: {
            $0.listenerPort = 0
            $0.autoAcknowledge = true
        }) { mail in
            let accountID = try await MailIngestBench.prepare(mail.database)
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let listener = mail.channel.listenerService(logger: EmailWorld.logger, onBound: { continuation.yield($0) })
            let service = try #require(listener)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                let result = try await MailIngestBench(messages: 40, connections: 3).run(
                    lmtpPort: port, database: mail.database, accountID: accountID, server: nil,
                    databaseName: backend.rawValue)
                #expect(result.delivered == 40)
                #expect(result.failed == 0)
                #expect(result.storedInbound == 40)
                #expect(result.latency.count == 40)
                group.cancelAll()
            }
        }
    }
}
