import Foundation
import Logging
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// Everything the email channel adds to the server, built once in `buildApplication`:
/// the ingest, the raw-email route, the SMTP/LMTP listener service and the `mail.send` job handler.
public struct EmailChannel: Sendable {
    public let settings: EmailSettings
    public let ingest: EmailIngest
    public let outbound: OutboundMail
    let database: Database
    let store: AttachmentStore

    /// Builds the channel; `publish` receives committed events (the realtime hub).
    public init(
        settings: EmailSettings, attachmentsDirectory: String, database: Database,
        publish: @escaping @Sendable ([Event]) -> Void, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.database = database
        self.store = AttachmentStore(directory: attachmentsDirectory)
        self.ingest = EmailIngest(database: database, store: store, settings: settings, publish: publish, now: now)
        self.outbound = OutboundMail(settings: settings)
    }

    /// The channel of a server: settings from the server's config file, environment and flags
    /// (``ServerSettings/emailValues``, then `SWITCHBOARD_*` variables; see ``EmailSettings/load``; reply key in
    /// `<data_dir>/mail-reply.key`), attachments in `attachments_dir`.
    /// Throws ``SwitchboardError`` `.invalidInput` naming a bad setting.
    public static func make(
        serverSettings: ServerSettings, database: Database, publish: @escaping @Sendable ([Event]) -> Void,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> EmailChannel {
        let settings = try EmailSettings.load(
            dataDirectory: serverSettings.dataDirectory, values: serverSettings.emailValues, environment: environment)
        return EmailChannel(
            settings: settings, attachmentsDirectory: serverSettings.attachmentsDirectory, database: database,
            publish: publish)
    }

    /// A channel with default settings and a random reply key kept in memory only (for tests that build
    /// dependencies by hand; reply addresses it makes do not survive a restart).
    public static func ephemeral(
        serverSettings: ServerSettings, database: Database, publish: @escaping @Sendable ([Event]) -> Void
    ) -> EmailChannel {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return EmailChannel(
            settings: EmailSettings(replySecret: secret), attachmentsDirectory: serverSettings.attachmentsDirectory,
            database: database, publish: publish)
    }

    /// The `POST /api/v1/inboxes/{id}/raw-email` routes (register at `inboxes` on the authenticated group).
    public var rawEmailController: RawEmailController {
        RawEmailController(ingest: ingest, maxMessageBytes: settings.maxMessageBytes)
    }

    /// The listener service, or nil when `smtp_port` is not set.
    public func listenerService(logger: Logger, onBound: @escaping @Sendable (Int) -> Void = { _ in })
        -> EmailListenerService?
    {
        guard let port = settings.listenerPort else { return nil }
        let server = SMTPServer(
            configuration: SMTPServer.Configuration(
                host: settings.listenerHost, port: port,
                session: SMTPServerStateMachine.Configuration(
                    isLMTP: settings.listenerIsLMTP, maxMessageBytes: settings.maxMessageBytes)),
            handler: IngestDeliveryHandler(ingest: ingest, logger: logger), logger: logger)
        return EmailListenerService(server: server, onBound: onBound)
    }

    /// Registers the `mail.send` handler — only when a relay is configured: an instance without one leaves the
    /// jobs queued for an instance that has one (or for itself once `smtp_relay_host` is set), instead of
    /// retrying each of them against nothing.
    public func registerJobs(_ handlers: inout JobHandlers) {
        guard settings.relay != nil else { return }
        let sender = MailSendJob(settings: settings, store: store)
        handlers.register(MailSendJob.kind) { job, context in try await sender.run(job, context: context) }
    }
}
