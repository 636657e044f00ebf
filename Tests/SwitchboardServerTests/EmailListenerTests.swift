import Foundation
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

/// The LMTP/SMTP listener end to end: a real client (Python's smtplib, and a raw pipelined session) → the
/// listener → the ingest → tickets in the database.
@Suite("Email listener (LMTP/SMTP) with a real client")
struct EmailListenerTests {
    struct ClientResult: Decodable {
        var refused: [String: [JSONValue]]?
        var error: String?
        var code: Int?
        var replies: [String]?
    }

    /// Runs the listener (port chosen by the system) for `body`.
    static func withListener(
        lmtp: Bool = true, maxBytes: Int = 25 << 20,
        _ body: @Sendable (EmailWorld, Int) async throws -> Void
    ) async throws {
        try await EmailWorld.run(configure: {
            $0.listenerPort = 0
            $0.listenerIsLMTP = lmtp
            $0.maxMessageBytes = maxBytes
        }) { mail in
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let listener = mail.channel.listenerService(logger: EmailWorld.logger, onBound: { continuation.yield($0) })
            let service = try #require(listener)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await body(mail, port)
                group.cancelAll()
            }
        }
    }

    static func send(port: Int, smtp: Bool = false, from: String = "ann@customer.example", to: [String],
                     message: String) async throws -> ClientResult {
        var arguments = ["--port", "\(port)", "--from", from]
        if smtp { arguments.append("--smtp") }
        for recipient in to { arguments += ["--to", recipient] }
        let output = try await PythonPeer.runScript(
            "lmtp-test-client.py", arguments: arguments, input: Array(message.utf8))
        return try JSONDecoder().decode(ClientResult.self, from: Data(output))
    }

    @Test func lmtpDeliveryCreatesTheTicketOnlyOnceAndRefusesUnknownRecipients() async throws {
        guard try PythonPeer.available("smtplib") else { return }
        try await Self.withListener { mail, port in
            let message = Mails.plain(body: ".a line that starts with a dot\r\nend")
            let result = try await Self.send(port: port, to: ["support@a.example.com"], message: message)
            #expect(result.error == nil)
            #expect(result.refused?.isEmpty == true)
            let tickets = try await mail.database.read { db in
                try await TicketRepository().list(TicketQuery(), accountID: mail.world.a.account.id, on: db).items
            }
            #expect(tickets.count == 1)
            let stored = try await mail.messages(try #require(tickets.first).id)
            #expect(stored.first?.text.contains(".a line that starts with a dot") == true)
            #expect(stored.first?.externalID == "m1@customer.example")

            // The same message again is acknowledged and creates nothing.
            let again = try await Self.send(port: port, to: ["support@a.example.com"], message: message)
            #expect(again.error == nil)
            #expect(try await mail.ticketCount() == 1)

            let unknown = try await Self.send(port: port, to: ["nobody@a.example.com"], message: message)
            #expect(unknown.error == "recipients")
            #expect(unknown.refused?["nobody@a.example.com"]?.first == .number(550))
        }
    }

    @Test func pipelinedSessionWithOneReplyPerRecipient() async throws {
        guard try PythonPeer.available("smtplib") else { return }
        try await Self.withListener { mail, port in
            let body = Mails.plain(messageID: "<pipe@customer.example>")
                .replacingOccurrences(of: "\r\n.", with: "\r\n..")
            let session = [
                "LHLO client.example", "MAIL FROM:<ann@customer.example>", "RCPT TO:<support@a.example.com>",
                "RCPT TO:<nobody@a.example.com>", "RCPT TO:<support+x@b.example.com>", "DATA",
            ].joined(separator: "\r\n") + "\r\n" + body + ".\r\nQUIT\r\n"
            let output = try await PythonPeer.runScript(
                "lmtp-test-client.py", arguments: ["--port", "\(port)", "--raw"], input: Array(session.utf8))
            let replies = try #require(try JSONDecoder().decode(ClientResult.self, from: Data(output)).replies)
            let codes = replies.filter { $0.count > 3 && $0[$0.index($0.startIndex, offsetBy: 3)] == " " }
                .map { String($0.prefix(3)) }
            // greeting, LHLO, MAIL, RCPT ok, RCPT 550, RCPT ok, DATA 354, one 250 per accepted recipient, QUIT.
            #expect(codes == ["220", "250", "250", "250", "550", "250", "354", "250", "250", "221"])
            #expect(try await mail.ticketCount() == 1)
            #expect(try await mail.ticketCount(account: mail.world.b.account.id) == 1)
        }
    }

    @Test func oversizedMessagesGet552() async throws {
        guard try PythonPeer.available("smtplib") else { return }
        try await Self.withListener(lmtp: false, maxBytes: 2048) { mail, port in
            let big = Mails.plain(body: String(repeating: "z", count: 3000))
            let result = try await Self.send(port: port, smtp: true, to: ["support@a.example.com"], message: big)
            #expect(result.code == 552)
            #expect(try await mail.ticketCount() == 0)
            let small = try await Self.send(
                port: port, smtp: true, to: ["support@a.example.com"], message: Mails.plain())
            #expect(small.error == nil)
            #expect(try await mail.ticketCount() == 1)
        }
    }

    @Test func overlongCommandLinesAreRefusedAndTheSessionGoesOn() async throws {
        guard try PythonPeer.available("smtplib") else { return }
        try await Self.withListener { _, port in
            let session = "LHLO client.example\r\nNOOP " + String(repeating: "x", count: 5000) + "\r\nNOOP\r\nQUIT\r\n"
            let output = try await PythonPeer.runScript(
                "lmtp-test-client.py", arguments: ["--port", "\(port)", "--raw"], input: Array(session.utf8))
            let replies = try #require(try JSONDecoder().decode(ClientResult.self, from: Data(output)).replies)
            let finals = replies.filter { $0.count > 3 && $0[$0.index($0.startIndex, offsetBy: 3)] == " " }
            #expect(finals.map { String($0.prefix(3)) } == ["220", "250", "500", "250", "221"])
            #expect(finals.contains { $0.contains("5.5.6") })
        }
    }

    @Test func deliveryErrorsMapToSMTPClasses() {
        #expect(IngestDeliveryHandler.outcome(for: SwitchboardError(.tooLarge, "big"))
            == .rejected(code: 552, enhanced: "5.3.4", text: "big"))
        #expect(IngestDeliveryHandler.outcome(for: SwitchboardError.notFound("inbox"))
            == .rejected(code: 550, enhanced: "5.1.1", text: SwitchboardError.notFound("inbox").message))
        if case .temporaryFailure = IngestDeliveryHandler.outcome(for: SwitchboardError(.unavailable, "db down")) {
        } else {
            Issue.record("an unavailable database must be a temporary failure")
        }
        if case .temporaryFailure = IngestDeliveryHandler.outcome(for: SwitchboardError(.internalError, "bug")) {
        } else {
            Issue.record("an internal error must be a temporary failure")
        }
    }
}
