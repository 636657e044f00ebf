import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

@Suite("Automatic acknowledgement of new email tickets")
struct AutoAcknowledgementTests {
    static func acknowledging(_ settings: inout EmailSettings) {
        settings.autoAcknowledge = true
        settings.autoAcknowledgeMaxPerHour = 3
    }

    static func mailJobs(_ mail: EmailWorld) async throws -> [Job] {
        try await mail.database.read { db in
            try await JobRepository().list(accountID: mail.world.a.account.id, limit: 100, on: db).items
                .filter { $0.kind == MailSendJob.kind }
        }
    }

    @Test(arguments: TestBackend.all)
    func aNewTicketIsAcknowledgedWithoutCountingAsAFirstResponse(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend, configure: Self.acknowledging) { mail in
            let result = try await mail.deliver(Mails.plain())
            #expect(result.createdTicket)
            let messages = try await mail.messages(result.ticketID)
            #expect(messages.map(\.kind) == [.inbound, .outbound])
            let notice = try #require(messages.last)
            #expect(notice.authorKind == .system)
            #expect(notice.deliveryStatus == .queued)
            #expect(notice.externalID?.hasSuffix("@a.example.com") == true)
            let ticket = try #require(try await mail.ticket(result.ticketID))
            #expect(notice.text.contains("[#\(ticket.number)] Printer on fire"))
            #expect(notice.text.contains("Hello Ann Customer,"))
            #expect(ticket.status == .new)
            #expect(ticket.firstResponseAt == nil)
            #expect(ticket.lastMessagePreview.contains("It is burning."))
            let jobs = try await Self.mailJobs(mail)
            #expect(jobs.count == 1)
            #expect(mail.events.all.filter { $0.type == EventType.messageCreated }.count == 2)

            // The composed mail is marked automatic (RFC 3834) and threads to the customer's mail.
            let draft = try await mail.database.read { db in
                try await MailSendJob(settings: mail.channel.settings, store: AttachmentStore(directory: mail.attachments))
                    .draft(accountID: mail.world.a.account.id, messageID: notice.id, on: db)
            }
            let outgoing = try #require(draft?.mail)
            #expect(outgoing.isAutomatic)
            #expect(outgoing.inReplyTo == "m1@customer.example")
            #expect(outgoing.to.map(\.address) == ["ann@customer.example"])

            // The same mail again: a duplicate, no second acknowledgement.
            _ = try await mail.deliver(Mails.plain())
            #expect(try await Self.mailJobs(mail).count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func automaticMailBouncesMachinesAndOurOwnAddressesAreNotAcknowledged(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend, configure: Self.acknowledging) { mail in
            let cases: [(String, [String])] = [
                ("Ann <ann@customer.example>", ["Auto-Submitted: auto-replied"]),
                ("Ann <ann@customer.example>", ["Precedence: bulk"]),
                ("Ann <ann@customer.example>", ["List-Id: <news.customer.example>"]),
                ("Ann <ann@customer.example>", ["X-Autoreply: yes"]),
                ("Robot <no-reply@shop.example>", []),
                ("MAILER-DAEMON <mailer-daemon@mx.example>", []),
                ("Other desk <support@b.example.com>", []),
            ]
            for (index, (from, headers)) in cases.enumerated() {
                let result = try await mail.deliver(Mails.plain(
                    from: from, subject: "Case \(index)", messageID: "<skip\(index)@x.example>", extraHeaders: headers))
                #expect(result.createdTicket, "\(from) \(headers)")
                #expect(try await mail.messages(result.ticketID).count == 1, "\(from) \(headers)")
            }
            #expect(try await Self.mailJobs(mail).isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func acknowledgementsPerContactAreRateLimited(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend, configure: Self.acknowledging) { mail in
            for index in 0..<5 {
                _ = try await mail.deliver(Mails.plain(
                    subject: "Separate problem \(index)", messageID: "<rate\(index)@customer.example>"))
            }
            #expect(try await Self.mailJobs(mail).count == 3)
            // Another contact is not affected by Ann's limit.
            _ = try await mail.deliver(Mails.plain(
                from: "Bob <bob@customer.example>", subject: "Mine", messageID: "<bob@customer.example>"))
            #expect(try await Self.mailJobs(mail).count == 4)
        }
    }

    @Test func turnedOffNothingIsSent() async throws {
        try await EmailWorld.run(configure: { $0.autoAcknowledge = false }) { mail in
            let result = try await mail.deliver(Mails.plain())
            #expect(try await mail.messages(result.ticketID).count == 1)
            #expect(try await Self.mailJobs(mail).isEmpty)
        }
    }

    @Test func settingsAreReadAndValidated() throws {
        let directory = NSTemporaryDirectory() + "ack-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let defaults = try EmailSettings.load(dataDirectory: directory, environment: [:])
        #expect(defaults.autoAcknowledge)
        #expect(defaults.autoAcknowledgeMaxPerHour == 3)
        let off = try EmailSettings.load(
            dataDirectory: directory, values: ["mail_auto_ack": "off", "mail_auto_ack_max_per_hour": "10"],
            environment: [:])
        #expect(!off.autoAcknowledge)
        #expect(off.autoAcknowledgeMaxPerHour == 10)
        #expect(throws: SwitchboardError.self) {
            try EmailSettings.load(dataDirectory: directory, values: ["mail_auto_ack": "maybe"], environment: [:])
        }
        #expect(throws: SwitchboardError.self) {
            try EmailSettings.load(
                dataDirectory: directory, values: ["mail_auto_ack_max_per_hour": "-1"], environment: [:])
        }
    }
}
