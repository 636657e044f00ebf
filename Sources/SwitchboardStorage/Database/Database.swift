import Foundation
import Logging
import Metrics
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle
import SwitchboardCore

/// The database: SQLite (WAL, one writer behind a FIFO async lock with `BEGIN IMMEDIATE` and group commit, plus N
/// readers, `busy_timeout` on every connection) or PostgreSQL (a `PostgresClient` pool).
///
/// It is a `Service`: `run()` must run in the app's `ServiceGroup` (it runs `PostgresClient.run()`; for SQLite it
/// waits for graceful shutdown and closes the connections). Every error leaving ``read(_:)`` and ``write(_:)`` is a
/// ``SwitchboardError``.
public final class Database: Service, Sendable {
    /// Which engine is behind this database.
    public enum Kind: String, Sendable { case sqlite, postgres }

    public let kind: Kind
    let logger: Logger
    private let backend: Backend

    enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresClient)
    }

    private init(kind: Kind, backend: Backend, logger: Logger) {
        self.kind = kind
        self.backend = backend
        self.logger = logger
    }

    /// Opens the database. For SQLite the file is created when missing and put in WAL mode; for PostgreSQL no
    /// connection is made until ``run()`` runs and a query needs one.
    ///
    /// - Parameter maxConnections: PostgreSQL pool size, or the number of SQLite reader connections (at most 16).
    public static func open(
        _ location: DatabaseLocation, logger: Logger, maxConnections: Int = 20
    ) async throws -> Database {
        switch location {
        case .sqlite(let path):
            do {
                let backend = try await SQLiteBackend.open(
                    path: path, readers: min(max(maxConnections / 4, 2), 16), logger: logger)
                return Database(kind: .sqlite, backend: .sqlite(backend), logger: logger)
            } catch {
                throw DatabaseErrorMapping.map(error, logger: logger)
            }
        case .postgres(let url):
            let parsed = try PostgresURL(url)
            let tls: PostgresClient.Configuration.TLS
            switch parsed.sslMode {
            case "disable": tls = .disable
            case "require": tls = .require(.makeClientConfiguration())
            default: tls = .prefer(.makeClientConfiguration())
            }
            var configuration = PostgresClient.Configuration(
                host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
                database: parsed.database, tls: tls)
            configuration.options.maximumConnections = max(1, maxConnections)
            configuration.options.connectTimeout = .seconds(5)
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            return Database(kind: .postgres, backend: .postgres(client), logger: logger)
        }
    }

    /// Runs until graceful shutdown: the PostgreSQL pool, or (SQLite) waits and then closes the connections.
    public func run() async throws {
        switch backend {
        case .postgres(let client):
            await client.run()
        case .sqlite(let backend):
            try? await gracefulShutdown()
            // Closing must not run in this (possibly cancelled) task: SQLite calls refuse to start when cancelled.
            await Task { await backend.close() }.value
        }
    }

    /// PostgreSQL only: the `PostgresClient` (for LISTEN). `nil` on SQLite.
    public var postgresClient: PostgresClient? {
        if case .postgres(let client) = backend { return client }
        return nil
    }

    /// SQLite only: the transactions the writer has committed and the writes they carried (group commit); `nil` on
    /// PostgreSQL.
    var sqliteCommitCounts: (transactions: Int, writes: Int)? {
        guard case .sqlite(let backend) = backend else { return nil }
        let groupCommit = backend.groupCommit
        return (groupCommit.committed.load(ordering: .relaxed), groupCommit.committedWrites.load(ordering: .relaxed))
    }

    /// SQLite only: the writes waiting for the next group-commit transaction (for tests); `nil` on PostgreSQL.
    var sqliteQueuedWrites: Int? {
        guard case .sqlite(let backend) = backend else { return nil }
        return backend.groupCommit.queuedWrites
    }

    /// SQLite only: the most writes one group-commit batch has held (for tests); `nil` on PostgreSQL.
    var sqliteLargestBatch: Int? {
        guard case .sqlite(let backend) = backend else { return nil }
        return backend.groupCommit.largestBatch.load(ordering: .relaxed)
    }

    /// SQLite only: the writer connection's prepared statements, with how often each ran and was prepared again (for
    /// tests); `nil` on PostgreSQL.
    var sqliteWriterStatementStatistics: [String: (runs: Int, reprepares: Int)]? {
        guard case .sqlite(let backend) = backend else { return nil }
        return backend.writer.connection.statementStatistics
    }

    /// SQLite only: the reader connections' prepared statements, with how often each ran and was prepared again,
    /// summed over the readers (for tests); `nil` on PostgreSQL.
    var sqliteReaderStatementStatistics: [String: (runs: Int, reprepares: Int)]? {
        guard case .sqlite(let backend) = backend else { return nil }
        return backend.readerStatementStatistics
    }

    /// Runs `body` on a reader connection (SQLite) or a pooled connection (PostgreSQL), outside a transaction.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            switch backend {
            case .sqlite(let backend):
                return try await backend.read(body)
            case .postgres(let client):
                return try await client.withConnection { connection in
                    try await body(connection.sql(queryLogLevel: .trace))
                }
            }
        } catch {
            throw DatabaseErrorMapping.map(error, logger: logger)
        }
    }

    /// Runs `body` in ONE transaction; commits when it returns, rolls back when it throws (the thrown error is
    /// rethrown, translated to ``SwitchboardError``). Returns only after the commit. On SQLite all writes are
    /// serialised, and writes that queue up together share one transaction, each in a savepoint of its own (group
    /// commit): a write that throws is rolled back alone. Do not call `write` or `read` from inside `body`: use the
    /// `SQLDatabase` it is given.
    ///
    /// On PostgreSQL a transaction that the server ends to break a deadlock or for a serialization failure is run
    /// again, up to ``postgresAttempts`` times in all, after a short random pause; `body` must therefore have no
    /// effect outside the transaction (send nothing, publish nothing, change no shared state) — what it does through
    /// the `SQLDatabase` was rolled back. When every attempt fails the caller gets `.unavailable`.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            switch backend {
            case .sqlite(let backend):
                return try await backend.write(body)
            case .postgres(let client):
                var attempt = 1
                while true {
                    do {
                        return try await client.withTransaction(logger: logger) { connection in
                            try await body(connection.sql(queryLogLevel: .trace))
                        }
                    } catch where attempt < Self.postgresAttempts && DatabaseErrorMapping.isRetryable(error) {
                        logger.debug("transaction rolled back by the server; running it again",
                                     metadata: ["switchboard.attempt": "\(attempt)"])
                        Counter(label: "switchboard_postgres_transaction_retries_total").increment()
                        try await Task.sleep(for: .milliseconds(Int.random(in: 1...20) * attempt))
                        attempt += 1
                    }
                }
            }
        } catch {
            throw DatabaseErrorMapping.map(error, logger: logger)
        }
    }

    /// How many times ``write(_:)`` runs a PostgreSQL transaction that deadlocked or failed to serialise.
    static let postgresAttempts = 3

    /// SQLite only: runs `body` in ONE write transaction on the writer connection itself (bulk loading binds
    /// `SQLiteData` directly, without SQLKit). Throws `.internalError` on PostgreSQL.
    func writeSQLiteConnection<T: Sendable>(
        _ body: @Sendable (SQLiteDirectConnection) async throws -> T
    ) async throws -> T {
        guard case .sqlite(let backend) = backend else {
            throw SwitchboardError(.internalError, "not an SQLite database")
        }
        do {
            return try await backend.writeConnection(body)
        } catch {
            throw DatabaseErrorMapping.map(error, logger: logger)
        }
    }

    /// SQLite only: runs `body` on the writer connection, serialised with writes but outside a transaction (for
    /// PRAGMAs such as `synchronous` that cannot change inside one). Throws `.internalError` on PostgreSQL.
    func writeSQLiteConnectionOutsideTransaction<T: Sendable>(
        _ body: @Sendable (SQLiteDirectConnection) async throws -> T
    ) async throws -> T {
        guard case .sqlite(let backend) = backend else {
            throw SwitchboardError(.internalError, "not an SQLite database")
        }
        do {
            return try await backend.withWriterOutsideTransaction(body)
        } catch {
            throw DatabaseErrorMapping.map(error, logger: logger)
        }
    }

    /// PostgreSQL only: runs `body` in ONE transaction on a pooled connection itself (bulk loading streams rows with
    /// `COPY`). Throws `.internalError` on SQLite.
    func writePostgresConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        guard case .postgres(let client) = backend else {
            throw SwitchboardError(.internalError, "not a PostgreSQL database")
        }
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw DatabaseErrorMapping.map(error, logger: logger)
        }
    }

    /// Checks the database answers (`SELECT 1`) within `timeout`. Throws `.unavailable` when it does not.
    public func ping(timeout: Duration = .seconds(5)) async throws {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await self.read { db in
                        _ = try await db.raw("SELECT 1 AS one").first()
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw SwitchboardError(.unavailable, "the database did not answer in time")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as SwitchboardError where error.code == .unavailable {
            throw error
        } catch {
            throw SwitchboardError(.unavailable, "the database does not answer")
        }
    }

    /// For CLI commands and tests: opens, runs the service in a task group, calls `body`, shuts down.
    public static func with<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger, maxConnections: Int = 20,
        _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        let database = try await open(location, logger: logger, maxConnections: maxConnections)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            do {
                let result = try await body(database)
                group.cancelAll()
                try? await group.waitForAll()
                await database.closeIfSQLite()
                return result
            } catch {
                group.cancelAll()
                try? await group.waitForAll()
                await database.closeIfSQLite()
                throw error
            }
        }
    }

    private func closeIfSQLite() async {
        if case .sqlite(let backend) = backend { await Task { await backend.close() }.value }
    }
}
