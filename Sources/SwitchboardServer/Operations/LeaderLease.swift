import Logging
import PostgresNIO
import SwitchboardStorage

/// Runs a job on one instance at a time when several instances share a PostgreSQL database: the job runs while
/// this instance holds a session-level advisory lock, on a connection leased from the pool for as long as the job
/// runs. The others try again every ``retryInterval`` and take over when the holder stops, or when its connection
/// dies (PostgreSQL releases the lock with the session). The holder checks its connection every
/// ``checkInterval`` and stops the job when the connection is gone, so two instances never run it for long.
/// On SQLite (one instance per file) the job just runs.
struct LeaderLease: Sendable {
    /// The jobs that must run on one instance only, each with its own lock.
    enum Job: Int64, Sendable {
        /// ``IMAPPollingService``: one poller per mailbox across all instances.
        case imapPolling = 0x5342_494D_4150  // "SBIMAP"; the migration lock uses another key
    }

    let database: Database
    let logger: Logger
    var retryInterval: Duration = .seconds(10)
    var checkInterval: Duration = .seconds(15)

    /// Runs `body` whenever this instance holds the lock of `job`, until cancelled. `body` must run until it is
    /// cancelled (it is cancelled when the lock's connection is lost, and started again once the lock is retaken).
    func run(_ job: Job, _ body: @escaping @Sendable () async -> Void) async {
        guard let client = database.postgresClient else {
            await body()
            return
        }
        var announced = false
        while !Task.isCancelled {
            do {
                let held = try await client.withConnection { connection in
                    try await holdAndRun(job, on: connection, body)
                }
                if held {
                    announced = false
                } else if !announced {
                    logger.info("another instance holds the lead; waiting", metadata: ["switchboard.job": "\(job)"])
                    announced = true
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("leader lock lost or not reachable; retrying", metadata: [
                    "switchboard.job": "\(job)", LogKey.error: "\(String(reflecting: type(of: error)))",
                ])
            }
            do { try await Task.sleep(for: retryInterval) } catch { return }
        }
    }

    /// Takes the lock on `connection` if it is free and then runs `body` beside a connection check; false when
    /// another session holds it.
    private func holdAndRun(
        _ job: Job, on connection: PostgresConnection, _ body: @escaping @Sendable () async -> Void
    ) async throws -> Bool {
        let rows = try await connection.query("SELECT pg_try_advisory_lock(\(job.rawValue))", logger: logger)
        var acquired = false
        for try await locked in rows.decode(Bool.self) { acquired = locked }
        guard acquired else { return false }
        logger.info("this instance leads", metadata: ["switchboard.job": "\(job)"])
        let logger = logger
        let checkInterval = checkInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await body() }
            group.addTask {
                while true {
                    try await Task.sleep(for: checkInterval)
                    // A query on a connection the server already closed may never answer: look first.
                    if connection.isClosed { throw LeaseLost() }
                    _ = try await connection.query("SELECT 1", logger: logger)
                }
            }
            // The first to end decides: the job (cancelled from outside) or a failed connection check.
            try await group.next()
            group.cancelAll()
        }
        if !connection.isClosed {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(job.rawValue))", logger: logger)
        }
        return true
    }

    /// The lock's connection is gone, and the lock with it.
    struct LeaseLost: Error {}
}
