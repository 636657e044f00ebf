import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

/// A migrated scratch database with tenants A and B (each with an email inbox `support@a.example.com` /
/// `support@b.example.com`) and the email channel built on it.
struct EmailWorld: Sendable {
    let world: TestWorld
    let database: Database
    let channel: EmailChannel
    let emailInboxA: Inbox
    let emailInboxB: Inbox
    let attachments: String
    let events: EventLog

    var ingest: EmailIngest { channel.ingest }

    /// Events handed to `publish`, to prove they are published only after the commit.
    final class EventLog: Sendable {
        private let box = LockedBox<[Event]>([])
        func append(_ events: [Event]) { box.mutate { $0 += events } }
        var all: [Event] { box.value }
    }

    static let secret = Array("test reply secret, 32 bytes long".utf8)

    /// Quiet unless `SWITCHBOARD_TEST_LOG_LEVEL` names a level.
    static var logger: Logger {
        var logger = Logger(label: "switchboard-email-test")
        let configured = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_LOG_LEVEL"]
        let level = configured.flatMap { Logger.Level(rawValue: $0) }
        logger.logLevel = level ?? .critical
        return logger
    }

    static func run<T: Sendable>(
        _ backend: TestBackend = .sqlite, configure: @Sendable (inout EmailSettings) -> Void = { _ in },
        _ body: @Sendable (EmailWorld) async throws -> T
    ) async throws -> T {
        let logger = EmailWorld.logger
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        let location = try DatabaseLocation(url: scratch.url)
        do {
            let result = try await open(location, scratch: scratch, configure: configure, body)
            await scratch.remove(logger: logger)
            return result
        } catch {
            await scratch.remove(logger: logger)
            throw error
        }
    }

    private static func open<T: Sendable>(
        _ location: DatabaseLocation, scratch: ScratchDatabase, configure: @Sendable (inout EmailSettings) -> Void,
        _ body: @Sendable (EmailWorld) async throws -> T
    ) async throws -> T {
        let logger = Self.logger
        return try await Database.with(location, logger: logger, maxConnections: 4) { database in
            _ = try await database.migrate(logger: logger)
            let world = try await TestWorld.seed(database)
            let (inboxA, inboxB) = try await database.write { db in
                (
                    try await InboxRepository().create(
                        accountID: world.a.account.id, name: "Email A", channel: .email,
                        emailAddress: "support@a.example.com", webFormEnabled: false, on: db),
                    try await InboxRepository().create(
                        accountID: world.b.account.id, name: "Email B", channel: .email,
                        emailAddress: "support@b.example.com", webFormEnabled: false, on: db)
                )
            }
            var settings = EmailSettings(replySecret: secret)
            // Tests about other things count messages; the acknowledgement tests turn it on.
            settings.autoAcknowledge = false
            configure(&settings)
            let log = EventLog()
            let directory = scratch.directory.appendingPathComponent("attachments").path
            let channel = EmailChannel(
                settings: settings, attachmentsDirectory: directory, database: database,
                publish: { log.append($0) })
            return try await body(EmailWorld(
                world: world, database: database, channel: channel, emailInboxA: inboxA, emailInboxB: inboxB,
                attachments: directory, events: log))
        }
    }

    /// Ingests `raw` into inbox A.
    @discardableResult
    func deliver(_ raw: String, inbox: Inbox? = nil) async throws -> EmailIngestResult {
        let target = inbox ?? emailInboxA
        return try await ingest.ingest(
            Array(raw.utf8), to: .inbox(accountID: target.accountID, inboxID: target.id), logger: EmailWorld.logger)
    }

    func ticket(_ id: Int64, account: Int64? = nil) async throws -> Ticket? {
        try await database.read { db in
            try await TicketRepository().get(accountID: account ?? world.a.account.id, id: id, on: db)
        }
    }

    func messages(_ ticketID: Int64, account: Int64? = nil) async throws -> [Message] {
        try await database.read { db in
            try await MessageRepository().list(accountID: account ?? world.a.account.id, ticketID: ticketID, on: db)
        }
    }

    func ticketCount(account: Int64? = nil) async throws -> Int {
        try await database.read { db in
            try await TicketRepository().list(TicketQuery(limit: 100), accountID: account ?? world.a.account.id, on: db)
                .items.count
        }
    }
}

/// A tiny lock-protected value for test logs.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

/// Builds raw test messages.
enum Mails {
    static func plain(
        from: String = "Ann Customer <ann@customer.example>", to: String = "support@a.example.com",
        subject: String = "Printer on fire", messageID: String? = "<m1@customer.example>", inReplyTo: String? = nil,
        references: String? = nil, extraHeaders: [String] = [], body: String = "It is burning.\r\nPlease help."
    ) -> String {
        var lines = ["From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: Mon, 23 Nov 2026 00:00:00 +0000"]
        if let messageID { lines.append("Message-ID: \(messageID)") }
        if let inReplyTo { lines.append("In-Reply-To: \(inReplyTo)") }
        if let references { lines.append("References: \(references)") }
        lines += extraHeaders
        lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
        return lines.joined(separator: "\r\n")
    }

    /// HTML with an inline image referenced by `cid:` and a PDF attachment.
    static func withAttachments(messageID: String = "<att@customer.example>") -> String {
        """
        From: Ann <ann@customer.example>\r
        To: support@a.example.com\r
        Subject: Screenshot\r
        Message-ID: \(messageID)\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="OUT"\r
        \r
        --OUT\r
        Content-Type: multipart/related; boundary="REL"\r
        \r
        --REL\r
        Content-Type: text/html; charset=utf-8\r
        \r
        <p>See <img src="cid:shot@x"> <script>alert(1)</script></p>\r
        --REL\r
        Content-Type: image/png\r
        Content-ID: <shot@x>\r
        Content-Transfer-Encoding: base64\r
        \r
        iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\r
        --REL--\r
        --OUT\r
        Content-Type: application/pdf; name="invoice.pdf"\r
        Content-Disposition: attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK\r
        --OUT--\r

        """
    }
}
