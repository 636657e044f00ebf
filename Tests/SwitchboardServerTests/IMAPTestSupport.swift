import Foundation
import Logging
import SwitchboardCore
import SwitchboardStorage
@testable import SwitchboardMail
@testable import SwitchboardServer

/// (Same helper as SwitchboardMailTests/IMAPTestSupport.swift; test targets cannot share files.)
/// The Dovecot started by `scripts/dovecot-server start DIR`, found through `SWITCHBOARD_TEST_DOVECOT=DIR/info`.
/// When it is not set the test prints why it skips, unless `SWITCHBOARD_REQUIRE_PEERS=1`, when it fails.
struct DovecotPeer: Sendable {
    var host: String
    var port: Int
    var tlsPort: Int
    var user: String
    var password: String
    var caFile: String

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func available() throws -> DovecotPeer? {
        let environment = ProcessInfo.processInfo.environment
        let required = environment["SWITCHBOARD_REQUIRE_PEERS"] == "1"
        func missing(_ reason: String) throws -> DovecotPeer? {
            if required { throw Missing(description: reason + " and SWITCHBOARD_REQUIRE_PEERS=1") }
            print("skipped: \(reason) (start one with scripts/dovecot-server start DIR)")
            return nil
        }
        guard let path = environment["SWITCHBOARD_TEST_DOVECOT"], !path.isEmpty else {
            return try missing("SWITCHBOARD_TEST_DOVECOT is not set")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return try missing("cannot read the Dovecot info file \(path)")
        }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let host = values["host"], let port = values["port"].flatMap(Int.init),
            let tlsPort = values["tls_port"].flatMap(Int.init), let user = values["user"],
            let password = values["password"], let caFile = values["ca_file"]
        else { return try missing("the Dovecot info file \(path) is incomplete") }
        return DovecotPeer(host: host, port: port, tlsPort: tlsPort, user: user, password: password, caFile: caFile)
    }

    /// A client of the test mailbox (implicit TLS unless told otherwise).
    func client(_ security: IMAPClient.Configuration.Security = .tls) -> IMAPClient {
        IMAPClient(configuration: IMAPClient.Configuration(
            host: host, port: security == .tls ? tlsPort : port, security: security, username: user,
            password: password, trustRootsFile: caFile, commandTimeout: .seconds(30)))
    }

    /// Stored settings for polling `folder` of the test mailbox.
    func settings(folder: String, processedFolder: String? = nil, security: String = "tls") -> IMAPMailboxSettings {
        IMAPMailboxSettings(
            host: host, port: security == "tls" ? tlsPort : port, security: security, authMethod: "auto",
            username: user, folder: folder, processedFolder: processedFolder)
    }

    static func uniqueFolder(_ prefix: String = "t") -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }

    /// Creates `folder` and appends `messages`.
    func seed(_ folder: String, _ messages: [String]) async throws {
        try await client().withSession(logger: IMAPTestEnvironment.logger) { session in
            try await session.create(folder)
            for message in messages { try await session.append(Array(message.utf8), to: folder) }
        }
    }

    /// UIDs and flags of the messages in `folder` (empty when the folder has none).
    func contents(_ folder: String) async throws -> [IMAPMessageSummary] {
        try await client().withSession(logger: IMAPTestEnvironment.logger) { session in
            let box = try await session.select(folder)
            return box.exists == 0 ? [] : try await session.summaries(fromUID: 1)
        }
    }
}

/// An ``EmailWorld`` plus the IMAP polling pieces for inbox A.
struct IMAPTestEnvironment: Sendable {
    let mail: EmailWorld
    let peer: DovecotPeer
    let sealer = IMAPPasswordSealer.ephemeral()
    let ingestCalls = LockedBox<Int>(0)

    static var logger: Logger { EmailWorld.logger }

    var accountID: Int64 { mail.emailInboxA.accountID }
    var inboxID: Int64 { mail.emailInboxA.id }

    var serviceSettings: IMAPServiceSettings {
        var settings = IMAPServiceSettings()
        settings.caFile = peer.caFile
        settings.commandTimeout = .seconds(30)
        settings.refreshInterval = .milliseconds(200)
        settings.pollInterval = .milliseconds(300)
        settings.idleInterval = .seconds(30)
        settings.retryPolicy = RetryPolicy(base: .milliseconds(100), maximum: .seconds(1))
        settings.batchSize = 2  // small, so that rounds span several batches
        return settings
    }

    /// Stores polling settings for inbox A with the sealed password.
    @discardableResult
    func configure(_ settings: IMAPMailboxSettings) async throws -> IMAPMailbox {
        let sealed = try sealer.seal(peer.password, accountID: accountID, inboxID: inboxID)
        let accountID = accountID
        let inboxID = inboxID
        return try await mail.database.write { db in
            try await IMAPMailboxRepository().put(
                accountID: accountID, inboxID: inboxID, settings: settings, sealedPassword: sealed, on: db)
        }
    }

    func stored() async throws -> IMAPMailbox? {
        let accountID = accountID
        let inboxID = inboxID
        return try await mail.database.read { db in
            try await IMAPMailboxRepository().get(accountID: accountID, inboxID: inboxID, on: db)
        }
    }

    /// The real ingest, counting calls; `failFirst` calls fail with `error` first.
    func ingest(failFirst: Int = 0, error: SwitchboardError = SwitchboardError(.unavailable, "database down"))
        -> IMAPMailboxPoller.Ingest
    {
        let calls = ingestCalls
        let ingest = IMAPMailboxPoller.ingest(using: mail.ingest)
        return { delivery, destination, logger in
            var number = 0
            calls.mutate { $0 += 1; number = $0 }
            if number <= failFirst { throw error }
            return try await ingest(delivery, destination, logger)
        }
    }

    /// A poller built from the stored configuration, as the service builds it.
    func poller(ingest: IMAPMailboxPoller.Ingest? = nil, maxMessageBytes: Int? = nil) async throws
        -> IMAPMailboxPoller
    {
        guard let mailbox = try await stored() else { throw DovecotPeer.Missing(description: "not configured") }
        var settings = serviceSettings
        if let maxMessageBytes { settings.maxMessageBytes = maxMessageBytes }
        return IMAPMailboxPoller(
            mailbox: mailbox, client: try IMAPMailboxPoller.client(for: mailbox, sealer: sealer, settings: settings),
            database: mail.database, ingest: ingest ?? self.ingest(), settings: settings, logger: Self.logger,
            now: { Date() })
    }

    /// One polling round on a fresh connection.
    @discardableResult
    func pollOnce(ingest: IMAPMailboxPoller.Ingest? = nil, maxMessageBytes: Int? = nil) async throws
        -> IMAPMailboxPoller.Round
    {
        let poller = try await poller(ingest: ingest, maxMessageBytes: maxMessageBytes)
        return try await poller.client.withSession(logger: Self.logger) { session in
            try await poller.poll(session: session)
        }
    }

    /// Runs `body` with a migrated database (inbox A = `support@a.example.com`) and the Dovecot peer; skips when
    /// there is no Dovecot (see ``DovecotPeer/available()``).
    static func run(
        _ backend: TestBackend, _ body: @Sendable (IMAPTestEnvironment) async throws -> Void
    ) async throws {
        guard let peer = try DovecotPeer.available() else { return }
        try await EmailWorld.run(backend) { mail in
            try await body(IMAPTestEnvironment(mail: mail, peer: peer))
        }
    }

    /// Waits (up to about 30 s, polling the database) until `condition` holds; false if it never did.
    func eventually(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        for _ in 0..<300 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
