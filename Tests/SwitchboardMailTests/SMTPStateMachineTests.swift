import Testing
@testable import SwitchboardMail

@Suite("SMTP/LMTP server state machine (no sockets)")
struct SMTPStateMachineTests {
    typealias Machine = SMTPServerStateMachine

    static func line(_ text: String) -> SMTPLine { .line(Array(text.utf8)) }

    static func codes(_ actions: [Machine.Action]) -> [Int] {
        actions.compactMap { if case .reply(let reply) = $0 { reply.code } else { nil } }
    }

    static func lmtp(max: Int = 1000) -> Machine {
        Machine(configuration: .init(isLMTP: true, hostname: "test", maxMessageBytes: max))
    }

    @Test func lmtpHappyPathWithOneReplyPerRecipientAfterTheCommit() {
        var machine = Self.lmtp()
        #expect(machine.greeting.code == 220)
        let hello = machine.receive(Self.line("LHLO client.example"))
        #expect(Self.codes(hello) == [250])
        guard case .reply(let capabilities) = hello[0] else { Issue.record("no reply"); return }
        #expect(capabilities.lines.contains("PIPELINING"))
        #expect(capabilities.lines.contains("SIZE 1000"))
        #expect(capabilities.wire.hasPrefix("250-test greets client.example\r\n250-PIPELINING"))
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<a@b.example> SIZE=100"))) == [250])
        #expect(machine.receive(Self.line("RCPT TO:<one@x.example>")) == [.checkRecipient("one@x.example")])
        #expect(machine.isAwaiting)
        // Lines arriving while a check is outstanding are not consumed (the driver holds them).
        #expect(machine.receive(Self.line("NOOP")).isEmpty)
        #expect(Self.codes(machine.recipientChecked(.accepted)) == [250])
        #expect(machine.receive(Self.line("RCPT TO:<nobody@x.example>")) == [.checkRecipient("nobody@x.example")])
        #expect(Self.codes(machine.recipientChecked(.unknown)) == [550])
        #expect(machine.receive(Self.line("RCPT TO: <two@x.example>")) == [.checkRecipient("two@x.example")])
        #expect(Self.codes(machine.recipientChecked(.accepted)) == [250])
        #expect(Self.codes(machine.receive(Self.line("DATA"))) == [354])
        for text in ["Subject: hi", "", "..leading dot", ".", ] {
            let actions = machine.receive(Self.line(text))
            if text == "." {
                let expected = SMTPEnvelope(
                    sender: "a@b.example", recipients: ["one@x.example", "two@x.example"],
                    message: Array("Subject: hi\r\n\r\n.leading dot\r\n".utf8))
                #expect(actions == [.deliver(expected)])
            } else {
                #expect(actions.isEmpty)
            }
        }
        let replies = machine.deliveryFinished([.delivered, .temporaryFailure("database unavailable")])
        #expect(Self.codes(replies) == [250, 451])
        #expect(Self.codes(machine.receive(Self.line("QUIT"))) == [221])
    }

    @Test func smtpAnswersOnceAndAsksForARetryOnAnyTemporaryFailure() {
        var machine = Machine(configuration: .init(isLMTP: false))
        #expect(Self.codes(machine.receive(Self.line("LHLO x"))) == [500])
        #expect(Self.codes(machine.receive(Self.line("EHLO x"))) == [250])
        _ = machine.receive(Self.line("MAIL FROM:<>"))
        _ = machine.receive(Self.line("RCPT TO:<a@x>"))
        _ = machine.recipientChecked(.accepted)
        _ = machine.receive(Self.line("RCPT TO:<b@x>"))
        _ = machine.recipientChecked(.accepted)
        _ = machine.receive(Self.line("DATA"))
        _ = machine.receive(Self.line("x"))
        guard case .deliver(let envelope) = machine.receive(Self.line(".")).first else {
            Issue.record("no delivery")
            return
        }
        #expect(envelope.sender == "")
        #expect(Self.codes(machine.deliveryFinished([.delivered, .temporaryFailure("down")])) == [451])
        // A new transaction after the answer.
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<c@x>"))) == [250])
    }

    @Test func sizeLimitsAnswer552() {
        var machine = Self.lmtp(max: 50)
        _ = machine.receive(Self.line("LHLO x"))
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<a@x> SIZE=51"))) == [552])
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<a@x>"))) == [250])
        _ = machine.receive(Self.line("RCPT TO:<r@x>"))
        _ = machine.recipientChecked(.accepted)
        _ = machine.receive(Self.line("DATA"))
        for _ in 0..<10 { #expect(machine.receive(Self.line("0123456789")).isEmpty) }
        #expect(Self.codes(machine.receive(Self.line("."))) == [552])
        #expect(Self.codes(machine.receive(Self.line("NOOP"))) == [250])
    }

    @Test func sequenceAndSyntaxErrors() {
        var machine = Machine(configuration: .init(isLMTP: true, maxErrors: 50))
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<a@x>"))) == [503])
        _ = machine.receive(Self.line("LHLO x"))
        #expect(Self.codes(machine.receive(Self.line("RCPT TO:<a@x>"))) == [503])
        #expect(Self.codes(machine.receive(Self.line("DATA"))) == [503])
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:a@x"))) == [250])
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<a@x>"))) == [503])
        #expect(Self.codes(machine.receive(Self.line("DATA"))) == [554])
        #expect(Self.codes(machine.receive(Self.line("RCPT TO:<no-at-sign>"))) == [501])
        #expect(Self.codes(machine.receive(.tooLong)) == [500])
        #expect(Self.codes(machine.receive(Self.line("BOGUS"))) == [500])
        #expect(Self.codes(machine.receive(Self.line("RSET"))) == [250])
        #expect(Self.codes(machine.receive(Self.line("RCPT TO:<a@x>"))) == [503])
        #expect(Self.codes(machine.receive(Self.line("MAIL FROM:<a@x> FOO=1"))) == [555])
    }

    @Test func temporaryRecipientFailureAnswers451() {
        var machine = Self.lmtp()
        _ = machine.receive(Self.line("LHLO x"))
        _ = machine.receive(Self.line("MAIL FROM:<a@x>"))
        _ = machine.receive(Self.line("RCPT TO:<r@x>"))
        #expect(Self.codes(machine.recipientChecked(.temporaryFailure)) == [451])
        #expect(Self.codes(machine.receive(Self.line("DATA"))) == [554])
    }

    @Test func tooManyErrorsClosesTheSession() {
        var machine = Machine(configuration: .init(isLMTP: true, maxErrors: 3))
        _ = machine.receive(Self.line("X"))
        _ = machine.receive(Self.line("X"))
        let last = machine.receive(Self.line("X"))
        #expect(Self.codes(last) == [500, 421])
        #expect(last.last == .close)
        #expect(machine.receive(Self.line("NOOP")).isEmpty)
    }

    @Test func tooManyRecipients() {
        var machine = Machine(configuration: .init(isLMTP: true, maxRecipients: 1))
        _ = machine.receive(Self.line("LHLO x"))
        _ = machine.receive(Self.line("MAIL FROM:<a@x>"))
        _ = machine.receive(Self.line("RCPT TO:<r@x>"))
        _ = machine.recipientChecked(.accepted)
        #expect(Self.codes(machine.receive(Self.line("RCPT TO:<s@x>"))) == [452])
    }

    @Test func overlongDataLineRejectsTheMessage() {
        var machine = Self.lmtp()
        _ = machine.receive(Self.line("LHLO x"))
        _ = machine.receive(Self.line("MAIL FROM:<a@x>"))
        _ = machine.receive(Self.line("RCPT TO:<r@x>"))
        _ = machine.recipientChecked(.accepted)
        _ = machine.receive(Self.line("DATA"))
        #expect(machine.receive(.tooLong).isEmpty)
        #expect(Self.codes(machine.receive(Self.line("."))) == [500])
    }

    @Test func replyWireFormat() {
        #expect(SMTPReply(250, ["a", "b"]).wire == "250-a\r\n250 b\r\n")
        #expect(SMTPReply(550, "bad\r\nline").wire == "550 badline\r\n")
    }

    @Test func clientResponseParserJoinsMultilineReplies() throws {
        var parser = SMTPResponseParser()
        #expect(try parser.feed("250-first") == nil)
        #expect(try parser.feed("250 last") == SMTPResponse(code: 250, lines: ["first", "last"]))
        #expect(throws: SMTPClientError.self) { try parser.feed("hello") }
    }

    @Test func dotStuffingOnSend() {
        let stuffed = SMTPClient.dotStuffed(Array("a\r\n.b\n..c".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "a\r\n..b\r\n...c\r\n.\r\n")
    }
}
