import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

/// Agent replies → `mail.send` job → a real SMTP server (aiosmtpd with STARTTLS and AUTH) → the customer's
/// answer threads back onto the ticket.
@Suite("Outbound email through the job queue", .serialized)
struct EmailOutboundTests {
    static func withRelay(_ body: @Sendable (EmailWorld, PythonPeer.Server) async throws -> Void) async throws {
        guard try PythonPeer.available("aiosmtpd") else { return }
        let server = try PythonPeer.Server(
            script: "smtp-test-peer.py", arguments: ["--tls", "starttls", "--auth", "relay:s3cret"])
        defer { server.stop() }
        let port = server.port
        let ca = server.directory.appendingPathComponent("cert.pem").path
        try await EmailWorld.run(configure: {
            // The certificate names localhost.
            $0.relay = EmailSettings.RelaySettings(
                host: "localhost", port: port, user: "relay", password: "s3cret", security: .startTLS, caFile: ca)
        }) { mail in
            try await body(mail, server)
        }
    }

    /// An agent reply on `ticketID`, prepared and queued in the same transaction as the route does it.
    static func reply(_ mail: EmailWorld, ticketID: Int64, text: String) async throws -> (Message, Job) {
        let accountID = mail.world.a.account.id
        let agent = mail.world.a.agent.user.id
        return try await mail.database.write { db in
            let ticket = try #require(try await TicketRepository().get(accountID: accountID, id: ticketID, on: db))
            var message = NewMessage(
                kind: .outbound, channel: .email, authorKind: .user, authorID: agent, text: text,
                html: "<p>\(text)</p>")
            try await mail.channel.outbound.prepare(&message, ticket: ticket, on: db)
            let added = try await TicketOperations().addMessage(
                accountID: accountID, ticketID: ticketID, message, actor: EventActor(kind: .user, id: agent), on: db)
            let job = try #require(try await mail.channel.outbound.enqueue(added.message, on: db))
            return (added.message, job)
        }
    }

    static func runJob(_ mail: EmailWorld, _ job: Job) async throws {
        let sender = MailSendJob(settings: mail.channel.settings, store: AttachmentStore(directory: mail.attachments))
        var claimed = job
        claimed.attempts = 1
        try await sender.run(
            claimed, context: JobContext(logger: EmailWorld.logger, database: mail.database, workerID: "test"))
    }

    static func stored(_ mail: EmailWorld, _ message: Message) async throws -> Message? {
        try await mail.messages(message.ticketID).first { $0.id == message.id }
    }

    @Test func replyIsSentThreadedAndTheAnswerComesBack() async throws {
        try await Self.withRelay { mail, server in
            let first = try await mail.deliver(Mails.plain())
            let ticket = try #require(try await mail.ticket(first.ticketID))
            let (message, job) = try await Self.reply(mail, ticketID: first.ticketID, text: "We are on it.")
            #expect(job.kind == "mail.send")
            #expect(message.deliveryStatus == .queued)
            try await Self.runJob(mail, job)
            #expect(try await Self.stored(mail, message)?.deliveryStatus == .sent)

            let sent = try server.messages()
            #expect(sent.count == 1)
            #expect(sent.first?.envelope["rcpt_tos"] as? [String] == ["ann@customer.example"])
            #expect(sent.first?.envelope["tls"] as? Bool == true)
            let parsed = try MailParser().parse(Array(try #require(sent.first).message))
            #expect(parsed.messageID == message.externalID)
            #expect(parsed.inReplyTo == ["m1@customer.example"])
            #expect(parsed.references == ["m1@customer.example"])
            #expect(parsed.subject == "Re: Printer on fire [#\(ticket.number)]")
            #expect(parsed.from?.address == "support@a.example.com")
            let replyTo = try #require(parsed.replyTo.first?.address)
            #expect(ReplyAddress(secret: EmailWorld.secret).ticketID(from: replyTo) == ticket.id)
            #expect(parsed.html?.contains("We are on it.") == true)
            #expect(parsed.text?.contains("We are on it.") == true)

            // Running the job again (a crashed worker) does not send twice.
            try await Self.runJob(mail, job)
            #expect(try server.messages().count == 1)

            // The customer's answer to that mail threads onto the ticket.
            let answer = try await mail.deliver(Mails.plain(
                to: replyTo, subject: "Re: Re: Printer on fire [#\(ticket.number)]",
                messageID: "<answer@customer.example>", inReplyTo: "<\(try #require(parsed.messageID))>"))
            #expect(answer.ticketID == ticket.id)
            #expect(!answer.createdTicket)
        }
    }

    @Test func aRejectedRecipientFailsForGoodAndATemporaryOneIsRetried() async throws {
        try await Self.withRelay { mail, server in
            let rejected = try await mail.deliver(Mails.plain(
                from: "reject@customer.example", messageID: "<r1@customer.example>"))
            let (failing, failingJob) = try await Self.reply(mail, ticketID: rejected.ticketID, text: "Hello")
            await #expect(throws: PermanentJobFailure.self) { try await Self.runJob(mail, failingJob) }
            let failed = try #require(try await Self.stored(mail, failing))
            #expect(failed.deliveryStatus == .failed)
            #expect(failed.deliveryError?.contains("550") == true)

            let deferred = try await mail.deliver(Mails.plain(
                from: "tempfail@customer.example", messageID: "<t1@customer.example>"))
            let (later, laterJob) = try await Self.reply(mail, ticketID: deferred.ticketID, text: "Hello")
            do {
                try await Self.runJob(mail, laterJob)
                Issue.record("a 451 answer counted as sent")
            } catch {
                #expect(!(error is PermanentJobFailure))
            }
            let retried = try #require(try await Self.stored(mail, later))
            #expect(retried.deliveryStatus == .deferred)
            #expect(retried.deliveryError?.contains("451") == true)
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func notesAndOtherChannelsAreNotQueued() async throws {
        try await EmailWorld.run { mail in
            let first = try await mail.deliver(Mails.plain())
            let accountID = mail.world.a.account.id
            let job = try await mail.database.write { db in
                let added = try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: first.ticketID,
                    NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: mail.world.a.agent.user.id,
                               text: "internal"),
                    actor: EventActor(kind: .user, id: mail.world.a.agent.user.id), on: db)
                return try await mail.channel.outbound.enqueue(added.message, on: db)
            }
            #expect(job == nil)
        }
    }
}
