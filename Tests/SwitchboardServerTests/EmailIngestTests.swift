import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

@Suite("Email ingest: one path from raw bytes to tickets")
struct EmailIngestTests {
    @Test(arguments: TestBackend.all)
    func aNewMailStartsATicketAndTheSameMailTwiceCreatesNothing(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let first = try await mail.deliver(Mails.plain())
            #expect(first.createdTicket)
            #expect(!first.duplicate)
            let ticket = try #require(try await mail.ticket(first.ticketID))
            #expect(ticket.subject == "Printer on fire")
            #expect(ticket.channel == .email)
            #expect(ticket.inboxID == mail.emailInboxA.id)
            let messages = try await mail.messages(first.ticketID)
            #expect(messages.count == 1)
            #expect(messages[0].externalID == "m1@customer.example")
            #expect(messages[0].text.contains("It is burning."))
            #expect(mail.events.all.contains { $0.type == EventType.ticketCreated })

            let again = try await mail.deliver(Mails.plain())
            #expect(again == EmailIngestResult(
                ticketID: first.ticketID, messageID: first.messageID, createdTicket: false, duplicate: true))
            #expect(try await mail.ticketCount() == 1)
            #expect(try await mail.messages(first.ticketID).count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func concurrentDeliveriesOfOneMailCreateOneTicket(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let results = try await withThrowingTaskGroup(of: EmailIngestResult.self) { group in
                for _ in 0..<6 { group.addTask { try await mail.deliver(Mails.plain()) } }
                var all: [EmailIngestResult] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.filter { !$0.duplicate }.count == 1)
            #expect(Set(results.map(\.ticketID)).count == 1)
            #expect(Set(results.map(\.messageID)).count == 1)
            #expect(try await mail.ticketCount() == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func aMailWithoutMessageIDIsStillDeduplicated(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let raw = Mails.plain(messageID: nil)
            let first = try await mail.deliver(raw)
            let second = try await mail.deliver(raw)
            #expect(second.duplicate)
            #expect(second.messageID == first.messageID)
        }
    }

    @Test(arguments: TestBackend.all)
    func repliesThreadByReferencesReplyAddressSubjectTagAndSubject(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let first = try await mail.deliver(Mails.plain())
            let ticket = try #require(try await mail.ticket(first.ticketID))

            // 1. In-Reply-To naming the first mail, with an unrelated subject.
            let byReference = try await mail.deliver(Mails.plain(
                subject: "something else", messageID: "<m2@customer.example>", inReplyTo: "<m1@customer.example>"))
            #expect(byReference.ticketID == first.ticketID)
            #expect(!byReference.createdTicket)

            // 2. The per-ticket reply address, from another person (a colleague in Cc).
            let replyAddress = try #require(
                ReplyAddress(secret: EmailWorld.secret).address(ticketID: ticket.id, base: "support@a.example.com"))
            let byAddress = try await mail.deliver(Mails.plain(
                from: "Bob <bob@customer.example>", to: replyAddress, subject: "hello",
                messageID: "<m3@customer.example>"))
            #expect(byAddress.ticketID == first.ticketID)

            // A forged token does not thread.
            let forged = replyAddress.replacingOccurrences(of: "+t\(ticket.id)-", with: "+t\(ticket.id + 1)-")
            let byForgery = try await mail.deliver(Mails.plain(
                from: "Eve <eve@evil.example>", to: forged, subject: "hello", messageID: "<m4@evil.example>"))
            #expect(byForgery.createdTicket)

            // 3. The subject tag, from the requester.
            let byTag = try await mail.deliver(Mails.plain(
                subject: "Totally new words [#\(ticket.number)]", messageID: "<m5@customer.example>"))
            #expect(byTag.ticketID == first.ticketID)

            // ... but not from a stranger.
            let strangerTag = try await mail.deliver(Mails.plain(
                from: "mallory@evil.example", subject: "Hi [#\(ticket.number)]", messageID: "<m6@evil.example>"))
            #expect(strangerTag.createdTicket)

            // 4. Same normalised subject from the same contact while the ticket is open.
            let bySubject = try await mail.deliver(Mails.plain(
                subject: "AW: Fwd: printer ON fire", messageID: "<m7@customer.example>"))
            #expect(bySubject.ticketID == first.ticketID)

            // A different subject from the same contact starts a new ticket.
            let other = try await mail.deliver(Mails.plain(subject: "Invoice", messageID: "<m8@customer.example>"))
            #expect(other.createdTicket)
            #expect(try await mail.messages(first.ticketID).count == 5)
        }
    }

    @Test(arguments: TestBackend.all)
    func autoRepliesAreAddedWithoutReopening(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let first = try await mail.deliver(Mails.plain())
            _ = try await mail.database.write { db in
                try await TicketOperations().update(
                    accountID: mail.world.a.account.id, id: first.ticketID, changes: TicketChanges(status: .pending),
                    actor: EventActor(kind: .user, id: mail.world.a.agent.user.id), on: db)
            }
            let reply = try await mail.deliver(Mails.plain(
                subject: "Out of office: Printer on fire", messageID: "<ooo@customer.example>",
                inReplyTo: "<m1@customer.example>", extraHeaders: ["Auto-Submitted: auto-replied"]))
            #expect(reply.ticketID == first.ticketID)
            let ticket = try #require(try await mail.ticket(first.ticketID))
            #expect(ticket.status == .pending)
            #expect(try await mail.messages(first.ticketID).count == 2)

            // A human reply does reopen.
            _ = try await mail.deliver(Mails.plain(
                subject: "Re: Printer on fire", messageID: "<human@customer.example>",
                inReplyTo: "<m1@customer.example>"))
            #expect(try await mail.ticket(first.ticketID)?.status == .open)
        }
    }

    @Test(arguments: TestBackend.all)
    func attachmentsAreStoredOnceByHashAndCidImagesPointAtThem(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let result = try await mail.deliver(Mails.withAttachments())
            let message = try #require(try await mail.messages(result.ticketID).first)
            #expect(message.attachments.count == 2)
            let image = try #require(message.attachments.first { $0.contentType == "image/png" })
            let pdf = try #require(message.attachments.first { $0.contentType == "application/pdf" })
            #expect(pdf.filename == "Résumé.pdf")
            #expect(image.contentID == "shot@x")
            #expect(image.isInline)
            let store = AttachmentStore(directory: mail.attachments)
            #expect(store.read(sha256: pdf.sha256).map { Array($0.prefix(5)) } == Array("%PDF-".utf8))
            #expect(store.path(sha256: pdf.sha256).hasPrefix(
                "\(mail.attachments)/\(pdf.sha256.prefix(2))/\(pdf.sha256.dropFirst(2).prefix(2))/"))
            let html = try #require(message.html)
            #expect(html.contains("/attachments/sha256/\(image.sha256)"))
            #expect(!html.contains("<script"))

            // The same attachment in another mail is not written again (same file, same hash).
            let before = try FileManager.default.attributesOfItem(atPath: store.path(sha256: pdf.sha256))
            let second = try await mail.deliver(Mails.withAttachments(messageID: "<att2@customer.example>"))
            let after = try FileManager.default.attributesOfItem(atPath: store.path(sha256: pdf.sha256))
            #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
            #expect(try await mail.messages(second.ticketID).first?.attachments.count == 2)
        }
    }

    @Test(arguments: TestBackend.all)
    func oversizedMailIsRejectedClearly(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend, configure: { $0.maxMessageBytes = 2048 }) { mail in
            let big = Mails.plain(body: String(repeating: "x", count: 4096))
            await #expect(throws: SwitchboardError.self) { try await mail.deliver(big) }
            do {
                try await mail.deliver(big)
            } catch let error as SwitchboardError {
                #expect(error.code == .tooLarge)
            }
            #expect(try await mail.ticketCount() == 0)
        }
    }

    @Test(arguments: TestBackend.all)
    func recipientsRouteToTheirInboxAndUnknownOnesAreRefused(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let result = try await mail.ingest.ingest(
                Array(Mails.plain(to: "support@b.example.com").utf8), to: .recipient("Support+tag@B.example.com"),
                logger: EmailWorld.logger)
            let ticket = try #require(try await mail.ticket(result.ticketID, account: mail.world.b.account.id))
            #expect(ticket.inboxID == mail.emailInboxB.id)
            #expect(try await mail.ticketCount() == 0)
            await #expect(throws: SwitchboardError.self) {
                try await mail.ingest.ingest(
                    Array(Mails.plain().utf8), to: .recipient("nobody@a.example.com"), logger: EmailWorld.logger)
            }
            #expect(try await mail.ingest.inbox(forRecipient: "nobody@a.example.com") == nil)
            #expect(try await mail.ingest.inbox(forRecipient: "support@a.example.com")?.id == mail.emailInboxA.id)
        }
    }

    @Test(arguments: TestBackend.all)
    func aPermanentBounceLinksToTheTicketAndMarksTheAddressUndeliverable(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let first = try await mail.deliver(Mails.plain())
            let accountID = mail.world.a.account.id
            // An agent's reply goes out with our Message-ID.
            let outbound = try await mail.database.write { db in
                let found = try await TicketRepository().get(accountID: accountID, id: first.ticketID, on: db)
                let ticket = try #require(found)
                var reply = NewMessage(
                    kind: .outbound, channel: .email, authorKind: .user, authorID: mail.world.a.agent.user.id,
                    text: "We are on it.")
                try await mail.channel.outbound.prepare(&reply, ticket: ticket, on: db)
                let added = try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: ticket.id, reply,
                    actor: EventActor(kind: .user, id: mail.world.a.agent.user.id), on: db)
                let job = try await mail.channel.outbound.enqueue(added.message, on: db)
                #expect(job?.kind == "mail.send")
                return added.message
            }
            let outboundID = try #require(outbound.externalID)
            #expect(outboundID.hasSuffix("@a.example.com"))
            let bounce = """
                From: MAILER-DAEMON@mx.customer.example\r
                To: support@a.example.com\r
                Subject: Undelivered Mail Returned to Sender\r
                Message-ID: <bounce-1@mx.customer.example>\r
                Auto-Submitted: auto-replied\r
                MIME-Version: 1.0\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r
                \r
                --B\r
                Content-Type: text/plain\r
                \r
                Your message could not be delivered.\r
                --B\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.customer.example\r
                \r
                Final-Recipient: rfc822; ann@customer.example\r
                Action: failed\r
                Status: 5.1.1\r
                Diagnostic-Code: smtp; 550 5.1.1 user unknown\r
                \r
                --B\r
                Content-Type: text/rfc822-headers\r
                \r
                From: support@a.example.com\r
                To: ann@customer.example\r
                Message-ID: <\(outboundID)>\r
                Subject: Re: Printer on fire\r
                \r
                --B--\r

                """
            let result = try await mail.deliver(bounce)
            #expect(result.ticketID == first.ticketID)
            #expect(!result.createdTicket)
            let stored = try #require(try await mail.messages(first.ticketID).first { $0.id == outbound.id })
            #expect(stored.deliveryStatus == .failed)
            #expect(stored.deliveryError?.contains("5.1.1") == true)
            let contact = try await mail.database.read { db in
                try await ContactRepository().find(
                    accountID: accountID, kind: .email, value: "ann@customer.example", on: db)
            }
            #expect(contact?.identities.first { $0.kind == .email }?.isUndeliverable == true)
            // The bounce is on the ticket, and a reply to our outbound Message-ID threads too.
            let answer = try await mail.deliver(Mails.plain(
                subject: "thanks", messageID: "<m9@customer.example>", inReplyTo: "<\(outboundID)>"))
            #expect(answer.ticketID == first.ticketID)
        }
    }

    @Test(arguments: TestBackend.all)
    func tenantsAreIsolated(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let inA = try await mail.deliver(Mails.plain())
            // The same Message-ID in tenant B is a different message, and never threads into A's ticket.
            let inB = try await mail.deliver(
                Mails.plain(to: "support@b.example.com", inReplyTo: "<m1@customer.example>"), inbox: mail.emailInboxB)
            #expect(!inB.duplicate)
            #expect(inB.createdTicket)
            #expect(inB.ticketID != inA.ticketID)
            // The raw-email route's inbox must be in the caller's account.
            await #expect(throws: SwitchboardError.self) {
                try await mail.ingest.ingest(
                    Array(Mails.plain().utf8),
                    to: .inbox(accountID: mail.world.a.account.id, inboxID: mail.emailInboxB.id),
                    logger: EmailWorld.logger)
            }
        }
    }
}
