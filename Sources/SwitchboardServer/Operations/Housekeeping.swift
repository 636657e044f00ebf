import Foundation
import Logging
import ServiceLifecycle
import SwitchboardStorage

/// Periodic clean-up of rows that only matter for a while: expired web sessions, failed-login records older than
/// the throttling window, `Idempotency-Key` answers older than ``idempotencyRetention`` (24 hours), and presence
/// entries whose heartbeat is older than the presence TTL (``PresenceStores/defaultTTL``).
/// Runs one sweep shortly after start and then every ``interval``; with several instances on PostgreSQL each
/// sweeps, which is harmless (the deletes are idempotent).
struct Housekeeping: Service {
    /// How long a stored idempotent answer can be replayed.
    static let idempotencyRetention: TimeInterval = 24 * 3600

    let database: Database
    let loginWindow: Duration
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    init(
        database: Database, loginWindow: Duration, interval: Duration = .seconds(3600), logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.loginWindow = loginWindow
        self.interval = interval
        self.logger = logger
        self.now = now
    }

    /// What one sweep removed.
    struct Sweep: Sendable, Equatable {
        var sessions: Int
        var loginAttempts: Int
        var idempotencyKeys: Int
        /// Expired `ticket_presence` rows.
        var presence: Int = 0
    }

    func run() async throws {
        var delay: Duration = .seconds(5)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await gracefulShutdownSleep(for: delay)
            } catch {
                return
            }
            delay = interval
            do {
                let swept = try await sweep()
                logger.debug("housekeeping", metadata: [
                    "switchboard.sessions": "\(swept.sessions)", "switchboard.login_attempts": "\(swept.loginAttempts)",
                    "switchboard.idempotency_keys": "\(swept.idempotencyKeys)",
                    "switchboard.presence": "\(swept.presence)",
                ])
            } catch {
                logger.warning("housekeeping failed; retrying at the next interval", metadata: [
                    LogKey.error: "\(error)",
                ])
            }
        }
    }

    /// Deletes what has expired at `now()`.
    func sweep() async throws -> Sweep {
        let current = now()
        let window = Double(loginWindow.components.seconds)
        return try await database.write { db in
            let sessions = try await SessionRepository().deleteExpired(now: current, on: db)
            let attempts = try await LoginAttemptRepository().deleteOlder(
                than: current.addingTimeInterval(-window), on: db)
            let keys = try await IdempotencyRepository().deleteExpired(
                before: current.addingTimeInterval(-Self.idempotencyRetention), on: db)
            let presence = try await PresenceRepository().deleteExpired(
                before: current.addingTimeInterval(-PresenceStores.defaultTTL), on: db)
            return Sweep(sessions: sessions, loginAttempts: attempts, idempotencyKeys: keys, presence: presence)
        }
    }
}

/// Sleeps for `duration`; throws when the task is cancelled or the service group shuts down gracefully.
private func gracefulShutdownSleep(for duration: Duration) async throws {
    try await cancelWhenGracefulShutdown {
        try await Task.sleep(for: duration)
    }
}
