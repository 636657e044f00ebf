import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// Runs one ``IMAPMailboxPoller`` per enabled inbox configuration and follows changes: every refresh interval it
/// re-reads `imap_mailboxes`, starts pollers for new configurations, restarts those whose settings changed and
/// stops those removed or disabled. On graceful shutdown every poller is cancelled (its connection closed) and
/// awaited; a message being ingested at that moment is either committed and marked, or retried next start.
/// With several instances on one PostgreSQL database only the one holding the ``LeaderLease`` polls; another takes
/// over when it stops or loses its database connection.
public struct IMAPPollingService: Service {
    let database: Database
    let ingest: IMAPMailboxPoller.Ingest
    let settings: IMAPServiceSettings
    let sealer: IMAPPasswordSealer
    let logger: Logger
    let now: @Sendable () -> Date

    init(
        database: Database, ingest: @escaping IMAPMailboxPoller.Ingest, settings: IMAPServiceSettings,
        sealer: IMAPPasswordSealer, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.ingest = ingest
        self.settings = settings
        self.sealer = sealer
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let lease = LeaderLease(database: database, logger: logger)
        await cancelWhenGracefulShutdown {
            await lease.run(.imapPolling) { await supervise() }
        }
    }

    /// What is running for one inbox.
    private struct Running {
        var version: Date
        var task: Task<Void, Never>?
    }

    private func supervise() async {
        var running: [Int64: Running] = [:]
        while !Task.isCancelled {
            do {
                let mailboxes = try await database.read { db in try await IMAPMailboxRepository().listEnabled(on: db) }
                await reconcile(mailboxes, running: &running)
            } catch {
                // A read cut short by shutdown is not worth a warning.
                if Task.isCancelled { break }
                logger.warning("cannot read the IMAP configurations", metadata: [LogKey.error: "\(type(of: error))"])
            }
            do { try await Task.sleep(for: settings.refreshInterval) } catch { break }
        }
        for entry in running.values { entry.task?.cancel() }
        for entry in running.values { await entry.task?.value }
    }

    private func reconcile(_ mailboxes: [IMAPMailbox], running: inout [Int64: Running]) async {
        let wanted = Dictionary(mailboxes.map { ($0.inboxID, $0) }, uniquingKeysWith: { first, _ in first })
        for (inboxID, entry) in running where wanted[inboxID]?.updatedAt != entry.version {
            entry.task?.cancel()
            await entry.task?.value
            running[inboxID] = nil
            logger.info("IMAP polling stopped", metadata: ["switchboard.inbox_id": "\(inboxID)"])
        }
        for (inboxID, mailbox) in wanted where running[inboxID] == nil {
            running[inboxID] = Running(version: mailbox.updatedAt, task: await start(mailbox))
        }
    }

    /// Starts the poller, or records why it cannot start (nil task: retried when the settings change).
    private func start(_ mailbox: IMAPMailbox) async -> Task<Void, Never>? {
        let client: IMAPClient
        do {
            client = try IMAPMailboxPoller.client(for: mailbox, sealer: sealer, settings: settings)
        } catch {
            let text = (error as? SwitchboardError)?.message ?? "cannot prepare the IMAP client"
            logger.error("IMAP polling cannot start", metadata: [
                "switchboard.inbox_id": "\(mailbox.inboxID)", LogKey.error: "\(text)",
            ])
            let time = now()
            _ = try? await database.write { db in
                try await IMAPMailboxRepository().recordError(
                    accountID: mailbox.accountID, inboxID: mailbox.inboxID, message: text, at: time, on: db)
            }
            return nil
        }
        var pollerLogger = logger
        pollerLogger[metadataKey: "switchboard.inbox_id"] = "\(mailbox.inboxID)"
        let poller = IMAPMailboxPoller(
            mailbox: mailbox, client: client, database: database, ingest: ingest, settings: settings,
            logger: pollerLogger, now: now)
        logger.info("IMAP polling started", metadata: [
            "switchboard.inbox_id": "\(mailbox.inboxID)",
            LogKey.address: "\(mailbox.settings.host):\(mailbox.settings.port)",
        ])
        return Task { await poller.run() }
    }
}

extension EmailChannel {
    /// The IMAP polling service of a server (settings from the server's config values, then `SWITCHBOARD_IMAP_*`,
    /// see ``IMAPServiceSettings``;
    /// password key in `<data_dir>/imap-password.key`), or nil when `imap_polling` is off.
    /// Throws ``SettingsError`` naming a bad setting.
    public func imapPollingService(
        serverSettings: ServerSettings, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> IMAPPollingService? {
        let settings: IMAPServiceSettings
        let sealer: IMAPPasswordSealer
        do {
            settings = try IMAPServiceSettings.load(
                maxMessageBytes: self.settings.maxMessageBytes, values: serverSettings.emailValues,
                environment: environment)
            sealer = try IMAPPasswordSealer.load(dataDirectory: serverSettings.dataDirectory)
        } catch let error as SwitchboardError {
            throw SettingsError("invalid IMAP setting \(error.field ?? ""): \(error.message)")
        }
        guard settings.enabled else { return nil }
        return IMAPPollingService(
            database: database, ingest: IMAPMailboxPoller.ingest(using: ingest), settings: settings, sealer: sealer,
            logger: logger)
    }
}
