import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStorage

/// Builds the whole server from its settings; production (`switchboard serve`) and tests call this same function.
///
/// Opens the database (creating the data and attachment directories for SQLite), wires the realtime hub and the
/// job runner as services next to the database, and registers every route. Before the server accepts
/// connections, pending migrations run; on an empty database the log explains how to create the first owner.
/// The returned application shuts down gracefully on SIGTERM/SIGINT (`runService()`): in-flight requests finish,
/// then the job runner, hub and database stop.
///
/// - Parameter jobHandlers: the job kinds this instance runs (mail sending, webhooks, …); empty by default.
public func buildApplication(
    _ settings: ServerSettings, logger: Logger, jobHandlers: JobHandlers = JobHandlers()
) async throws -> some ApplicationProtocol {
    var configuredLogger = logger
    configuredLogger.logLevel = settings.logLevel
    let logger = configuredLogger
    let location = try DatabaseLocation(url: settings.databaseURL)
    try ApplicationDirectories.prepare(settings: settings, location: location)
    let database = try await Database.open(location, logger: logger, maxConnections: settings.databaseMaxConnections)
    let hub = RealtimeHub.make(database: database, logger: logger)
    let publish: @Sendable ([Event]) -> Void = { hub.publish($0) }
    let email: EmailChannel
    do {
        email = try EmailChannel.make(serverSettings: settings, database: database, publish: publish)
    } catch let error as SwitchboardError {
        throw SettingsError("invalid email setting \(error.field ?? ""): \(error.message)")
    }
    var handlers = jobHandlers
    email.registerJobs(&handlers)
    InvitationMail(settings: email.settings, now: { Date() }).register(&handlers)
    let runner = JobRunner(database: database, handlers: handlers, logger: logger)
    let dependencies = AppDependencies(
        settings: settings, database: database, hasher: PasswordHasher(cost: settings.bcryptCost),
        metrics: AppMetrics.shared, publish: publish, email: email)
    let stream = StreamController(hub: hub, database: database)
    let router = buildRouter(dependencies, stream: stream)

    // Services that read tables wait for the migrations of `beforeServerStarts` (a fresh database has none yet).
    let schemaReady = StartupGate()
    let housekeeping = Housekeeping(database: database, loginWindow: settings.loginWindow, logger: logger)
    var services: [any Service] = [
        database, hub, GatedService(gate: schemaReady, service: runner),
        GatedService(gate: schemaReady, service: housekeeping),
    ]
    if let listener = email.listenerService(logger: logger) {
        services.append(GatedService(gate: schemaReady, service: listener))
    }
    if let imap = try email.imapPollingService(serverSettings: settings, logger: logger) {
        services.append(GatedService(gate: schemaReady, service: imap))
    }
    var app = Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: stream.webSocketRouter()),
        configuration: ApplicationConfiguration(
            address: .hostname(settings.host, port: settings.port), serverName: "Switchboard"),
        services: services,
        logger: logger)
    app.beforeServerStarts {
        try await StartupTasks.prepareDatabase(database, kind: database.kind, logger: logger)
        schemaReady.open()
    }
    return app
}

/// Creates the directories the settings point at.
enum ApplicationDirectories {
    static func prepare(settings: ServerSettings, location: DatabaseLocation) throws {
        let files = FileManager.default
        do {
            if case .sqlite(let path) = location {
                let directory = (path as NSString).deletingLastPathComponent
                if !directory.isEmpty { try files.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            }
            try files.createDirectory(atPath: settings.attachmentsDirectory, withIntermediateDirectories: true)
        } catch {
            throw SettingsError("cannot create the data directories: \(error.localizedDescription)")
        }
    }
}

/// What runs once the database service is up and before the server listens.
enum StartupTasks {
    /// Applies pending migrations; on an empty database logs how to create the first owner.
    static func prepareDatabase(_ database: Database, kind: Database.Kind, logger: Logger) async throws {
        let applied = try await database.migrate(logger: logger)
        logger.info("database ready", metadata: [
            LogKey.database: .string(kind.rawValue),
            LogKey.migration: .string(applied.isEmpty ? "none pending" : "applied \(applied.count)"),
        ])
        let accounts = try await database.read { db in try await AccountRepository().list(on: db) }
        if accounts.isEmpty {
            logger.notice(
                """
                The database has no users yet. Create the first owner with: \
                switchboard admin create --email you@example.com --name "Your Name" [--password …] \
                (prompts for the password when it is not given)
                """)
        }
    }
}
