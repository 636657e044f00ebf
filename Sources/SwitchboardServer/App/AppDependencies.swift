import Foundation
import Logging
import SwitchboardCore
import SwitchboardStorage

/// What every controller needs, built once by ``buildApplication(_:logger:)``.
public struct AppDependencies: Sendable {
    public let settings: ServerSettings
    public let database: Database
    public let hasher: PasswordHasher
    public let metrics: AppMetrics
    /// Hands committed events to the realtime hub. Call it after the transaction committed, never inside it.
    public let publish: @Sendable ([Event]) -> Void
    /// The current time; injected so tests can control it.
    public let now: @Sendable () -> Date
    /// The email channel: raw-mail ingest, outbound replies by SMTP, the LMTP/SMTP listener.
    public let email: EmailChannel

    public init(
        settings: ServerSettings, database: Database, hasher: PasswordHasher, metrics: AppMetrics,
        publish: @escaping @Sendable ([Event]) -> Void, now: @escaping @Sendable () -> Date = { Date() },
        email: EmailChannel? = nil
    ) {
        self.settings = settings
        self.database = database
        self.hasher = hasher
        self.metrics = metrics
        self.publish = publish
        self.now = now
        self.email = email ?? EmailChannel.ephemeral(serverSettings: settings, database: database, publish: publish)
    }
}
