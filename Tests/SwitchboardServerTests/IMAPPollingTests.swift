import Foundation
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

/// IMAP polling end to end against a real Dovecot (`SWITCHBOARD_TEST_DOVECOT`): mail APPENDed to a folder becomes
/// tickets through the one ingest path, on SQLite and PostgreSQL.
@Suite("IMAP polling against Dovecot")
struct IMAPPollingTests {
    static func mail(_ subject: String, id: String, inReplyTo: String? = nil, from: String? = nil) -> String {
        Mails.plain(
            from: from ?? "Ann Customer <ann@customer.example>", subject: subject, messageID: id,
            inReplyTo: inReplyTo, references: inReplyTo)
    }

    static func uniqueID() -> String { "<\(UUID().uuidString.lowercased())@customer.example>" }

    @Test(arguments: TestBackend.all)
    func mailBecomesTicketsAndIsFlagged(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            let ids = (0..<3).map { _ in Self.uniqueID() }
            try await env.peer.seed(folder, ids.enumerated().map { Self.mail("Question \($0.offset)", id: $0.element) })
            try await env.configure(env.peer.settings(folder: folder))

            let round = try await env.pollOnce()
            #expect(round == IMAPMailboxPoller.Round(stored: 3, duplicates: 0, rejected: 0, skipped: 0))
            #expect(try await env.mail.ticketCount() == 3)
            let contents = try await env.peer.contents(folder)
            #expect(contents.count == 3)
            #expect(contents.allSatisfy { $0.flags.contains("\\Seen") && $0.flags.contains("$SwitchboardProcessed") })
            let state = try #require(try await env.stored())
            #expect(state.lastUID == Int64(contents.last?.uid ?? 0))
            #expect(state.uidValidity != nil)
            #expect(state.lastPollAt != nil)
            #expect(state.lastError == nil)
        }
    }

    @Test(arguments: TestBackend.all)
    func aReplyThreadsOntoItsTicket(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            let first = Self.uniqueID()
            try await env.peer.seed(folder, [Self.mail("Printer on fire", id: first)])
            try await env.configure(env.peer.settings(folder: folder))
            try await env.pollOnce()
            #expect(try await env.mail.ticketCount() == 1)

            try await env.peer.seed(folder, [Self.mail("Re: Printer on fire", id: Self.uniqueID(), inReplyTo: first)])
            let round = try await env.pollOnce()
            #expect(round.stored == 1)
            #expect(try await env.mail.ticketCount() == 1)
            let tickets = try await env.mail.database.read { db in
                try await TicketRepository().list(TicketQuery(limit: 10), accountID: env.accountID, on: db).items
            }
            let messages = try await env.mail.messages(try #require(tickets.first).id)
            #expect(messages.filter { $0.kind == .inbound }.count == 2)
        }
    }

    @Test(arguments: TestBackend.all)
    func aRestartDoesNotFetchAgain(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            try await env.peer.seed(folder, (0..<3).map { Self.mail("Old \($0)", id: Self.uniqueID()) })
            try await env.configure(env.peer.settings(folder: folder))
            try await env.pollOnce()
            #expect(env.ingestCalls.value == 3)

            // A new poller (as after a restart) reads the cursor from the database: nothing is handed over again.
            let again = try await env.pollOnce()
            #expect(again == IMAPMailboxPoller.Round())
            #expect(env.ingestCalls.value == 3)

            try await env.peer.seed(folder, [Self.mail("New", id: Self.uniqueID())])
            let next = try await env.pollOnce()
            #expect(next.stored == 1)
            #expect(env.ingestCalls.value == 4)
            #expect(try await env.mail.ticketCount() == 4)
        }
    }

    @Test(arguments: TestBackend.all)
    func processedMailIsMovedToTheConfiguredFolder(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            let done = folder + "/Processed"
            try await env.peer.seed(folder, (0..<3).map { Self.mail("Move \($0)", id: Self.uniqueID()) })
            try await env.configure(env.peer.settings(folder: folder, processedFolder: done))
            let round = try await env.pollOnce()
            #expect(round.stored == 3)
            #expect(try await env.peer.contents(folder).isEmpty)
            #expect(try await env.peer.contents(done).count == 3)
            #expect(try await env.mail.ticketCount() == 3)
        }
    }

    @Test(arguments: TestBackend.all)
    func aFailingIngestLeavesTheMailForTheNextPoll(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            try await env.peer.seed(folder, [Self.mail("First", id: Self.uniqueID()),
                                             Self.mail("Second", id: Self.uniqueID())])
            try await env.configure(env.peer.settings(folder: folder, processedFolder: folder + "/Done"))
            do {
                try await env.pollOnce(ingest: env.ingest(failFirst: 1))
                Issue.record("a failed ingest did not end the round")
            } catch let error as IMAPMailboxPoller.IngestDeferred {
                #expect(error.reason == "database down")
            }
            // Nothing was stored, moved or flagged, and the cursor did not move.
            #expect(try await env.mail.ticketCount() == 0)
            let contents = try await env.peer.contents(folder)
            #expect(contents.count == 2)
            #expect(contents.allSatisfy { !$0.flags.contains("\\Seen") })
            #expect(try await env.stored()?.lastUID == 0)

            let retry = try await env.pollOnce()
            #expect(retry.stored == 2)
            #expect(try await env.mail.ticketCount() == 2)
            #expect(try await env.peer.contents(folder).isEmpty)
        }
    }

    static func bigMail(from: String, subject: String, id: String) -> String {
        let padding = String(repeating: "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVy\r\n", count: 120)
        return "From: \(from)\r\nTo: support@a.example.com\r\nSubject: \(subject)\r\nMessage-ID: \(id)\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nThe scan is attached.\r\n"
            + "--b1\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + padding + "--b1--\r\n"
    }

    @Test(arguments: TestBackend.all)
    func aTooLargeMessageIsKeptAsAStandInAndItsSenderIsTold(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            let bigID = Self.uniqueID()
            let robotID = Self.uniqueID()
            let big = Self.bigMail(from: "Ann Customer <ann@customer.example>", subject: "Huge scan", id: bigID)
            try await env.peer.seed(folder, [
                big,
                Self.bigMail(from: "MAILER-DAEMON@customer.example", subject: "Returned mail", id: robotID),
                Self.mail("Small one", id: Self.uniqueID()),
            ])
            try await env.configure(env.peer.settings(folder: folder))
            let round = try await env.pollOnce(maxMessageBytes: 4000)
            #expect(round == IMAPMailboxPoller.Round(stored: 3, duplicates: 0, rejected: 0, skipped: 0, tooLarge: 2))
            #expect(try await env.mail.ticketCount() == 3)

            func stored(_ externalID: String) async throws -> Message {
                let accountID = env.accountID
                let found = try await env.mail.database.read { db in
                    try await MessageRepository().getByExternalID(accountID: accountID, externalID: externalID, on: db)
                }
                return try #require(found)
            }
            let standIn = try await stored(String(bigID.dropFirst().dropLast()))
            let ticket = try #require(try await env.mail.ticket(standIn.ticketID))
            #expect(ticket.subject == "Huge scan")
            #expect(standIn.text.contains("over this inbox's limit of 4 KB"))
            #expect(standIn.attachments.isEmpty, "nothing of the body was fetched")
            let messages = try await env.mail.messages(ticket.id)
            #expect(messages.map(\.kind) == [.inbound, .outbound])
            let notice = try #require(messages.last)
            #expect(notice.authorKind == .system && notice.deliveryStatus == .queued)
            #expect(notice.text.contains("Hello Ann Customer,"))
            let size = TooLargeMail.megabytes(big.utf8.count)
            #expect(notice.text.contains("\"Huge scan\" was \(size), which is more than the 4 KB we can receive"))
            #expect(notice.text.contains("[#\(ticket.number)]"))

            // A machine sender gets no notice (loop protection), but the stand-in is kept.
            let robot = try await stored(String(robotID.dropFirst().dropLast()))
            #expect(try await env.mail.messages(robot.ticketID).map(\.kind) == [.inbound])

            // All three are marked processed on the server and not fetched again.
            let contents = try await env.peer.contents(folder)
            #expect(contents.count == 3)
            #expect(contents.allSatisfy { $0.flags.contains("$SwitchboardProcessed") })
            #expect(try await env.pollOnce(maxMessageBytes: 4000) == IMAPMailboxPoller.Round())
        }
    }

    @Test(arguments: TestBackend.all)
    func anUnusableMessageIsRecordedAndSkipped(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            let noSender = "To: support@a.example.com\r\nSubject: who am I\r\n"
                + "Message-ID: \(Self.uniqueID())\r\n\r\nx\r\n"
            try await env.peer.seed(folder, [noSender, Self.mail("Fine", id: Self.uniqueID())])
            try await env.configure(env.peer.settings(folder: folder))
            let round = try await env.pollOnce()
            #expect(round.rejected == 1)
            #expect(round.stored == 1)
            let contents = try await env.peer.contents(folder)
            #expect(contents[0].flags.contains("$SwitchboardRejected"))
            #expect(!contents[0].flags.contains("$SwitchboardProcessed"))
            #expect(contents[1].flags.contains("$SwitchboardProcessed"))
            let state = try #require(try await env.stored())
            #expect(state.rejectedCount == 1)
            #expect(state.lastError?.contains("rejected") == true)
            #expect(state.lastUID == Int64(contents[1].uid))
            // The next poll does not try it again.
            #expect(try await env.pollOnce() == IMAPMailboxPoller.Round())
        }
    }

    @Test(arguments: TestBackend.all)
    func aChangedUIDValidityRescansWithoutDuplicates(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            try await env.peer.seed(folder, (0..<2).map { Self.mail("Kept \($0)", id: Self.uniqueID()) })
            try await env.configure(env.peer.settings(folder: folder))
            try await env.pollOnce()
            // Pretend the server renumbered the folder: the stored UIDVALIDITY no longer matches.
            let accountID = env.accountID
            let inboxID = env.inboxID
            try await env.mail.database.write { db in
                try await IMAPMailboxRepository().resetCursor(
                    accountID: accountID, inboxID: inboxID, uidValidity: 1, on: db)
                try await IMAPMailboxRepository().advance(
                    accountID: accountID, inboxID: inboxID, uidValidity: 1, to: 999, on: db)
            }
            // Flagged mail is recognised as processed without fetching it.
            let round = try await env.pollOnce()
            #expect(round.skipped == 2)
            #expect(try await env.mail.ticketCount() == 2)
            #expect(try await env.stored()?.uidValidity != 1)

            // Without the keyword, the Message-ID de-duplication catches it.
            try await env.configure(env.peer.settings(folder: folder, processedFolder: folder + "/Done"))
            try await env.mail.database.write { db in
                try await IMAPMailboxRepository().resetCursor(
                    accountID: accountID, inboxID: inboxID, uidValidity: 1, on: db)
            }
            try await env.peer.client().withSession(logger: IMAPTestEnvironment.logger) { session in
                try await session.select(folder)
                let uids = try await session.summaries(fromUID: 1).map(\.uid)
                try await session.execute(IMAPCommand(
                    "UID STORE \(IMAPCommand.sequenceSet(uids)) -FLAGS.SILENT ($SwitchboardProcessed)"))
            }
            let rescan = try await env.pollOnce()
            #expect(rescan.duplicates == 2)
            #expect(try await env.mail.ticketCount() == 2)
        }
    }

    @Test(arguments: TestBackend.all)
    func theServiceFollowsConfigurationAndIdlesForNewMail(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            let folder = DovecotPeer.uniqueFolder()
            try await env.peer.seed(folder, [Self.mail("Before start", id: Self.uniqueID())])
            let service = IMAPPollingService(
                database: env.mail.database, ingest: env.ingest(), settings: env.serviceSettings, sealer: env.sealer,
                logger: IMAPTestEnvironment.logger)
            let (group, trigger) = Self.serviceGroup(service)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // Configured while the service runs: picked up by the refresh.
                try await env.configure(env.peer.settings(folder: folder, security: "starttls"))
                #expect(try await env.eventually { try await env.mail.ticketCount() == 1 })
                // New mail wakes the IDLE.
                try await env.peer.seed(folder, [Self.mail("While idle", id: Self.uniqueID())])
                #expect(try await env.eventually { try await env.mail.ticketCount() == 2 })
                // Disabled: the poller stops; mail stays.
                var disabled = env.peer.settings(folder: folder, security: "starttls")
                disabled.enabled = false
                try await env.configure(disabled)
                try await Task.sleep(for: .milliseconds(600))
                let calls = env.ingestCalls.value
                try await env.peer.seed(folder, [Self.mail("While disabled", id: Self.uniqueID())])
                try await Task.sleep(for: .milliseconds(600))
                #expect(env.ingestCalls.value == calls)
                await trigger.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(try await env.mail.ticketCount() == 2)
        }
    }

    @Test(arguments: TestBackend.all)
    func connectionFailuresAreRecordedAndRetried(_ backend: TestBackend) async throws {
        try await IMAPTestEnvironment.run(backend) { env in
            var settings = env.peer.settings(folder: "INBOX")
            settings.port = env.peer.port  // implicit TLS against the plain port: the handshake fails
            try await env.configure(settings)
            let poller = try await env.poller()
            let task = Task { await poller.run() }
            #expect(try await env.eventually { try await env.stored()?.lastError != nil })
            task.cancel()
            await task.value
            #expect(try await env.stored()?.lastPollAt == nil)
        }
    }

    static func serviceGroup(_ service: IMAPPollingService) -> (ServiceGroup, ServiceGroup) {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service)], logger: IMAPTestEnvironment.logger))
        return (group, group)
    }
}
