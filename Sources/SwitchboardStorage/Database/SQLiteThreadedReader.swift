import CSQLiteConfig
import Logging
import NIOPosix
import SQLKit

/// A reader's SQLite connection (``SQLiteDirectConnection``, statements kept prepared) with a thread of its own.
/// ``run(_:)`` runs Swift code on that thread (``ThreadPoolTaskExecutor``), and every statement is handed to the
/// same thread's queue and awaited, so a page of several queries runs without switching threads. Use one such
/// connection from one task at a time (the backend's pool sees to that).
///
/// Unlike the writer's (``SQLiteThreadedConnection``), a reader's statements do not run synchronously inside the
/// Swift code: each statement is one suspension point, as it was with sqlite-nio. Synchronous readers once stalled
/// the server test suite (docs/performance.md, "Session 10"); the cause was tests blocking Swift's cooperative pool
/// (`BlockingWork` in SwitchboardServer), not the readers. Tried again in session 11 they ran stably but made no
/// measurable difference to reads or creates, so the readers kept the form measured first.
///
/// The connection has SQLite's query planner stability guarantee on: with ANALYZE's statistics SQLite otherwise
/// prepared a cached read again whenever it was bound to new values (the API-token lookup on 2,131 of 2,132 runs).
final class SQLiteThreadedReader: Sendable {
    let connection: SQLiteDirectConnection
    private let thread: NIOThreadPool
    private let executor: ThreadPoolTaskExecutor
    private let logger: Logger

    private init(connection: SQLiteDirectConnection, thread: NIOThreadPool, logger: Logger) {
        self.connection = connection
        self.thread = thread
        self.executor = ThreadPoolTaskExecutor(pool: thread)
        self.logger = logger
    }

    /// Opens the file at `path` on a new thread.
    static func open(path: String, logger: Logger) async throws -> SQLiteThreadedReader {
        let (connection, thread) = try await SQLiteDirectConnection.openOnOwnThread(path: path) { connection in
            try connection.enablePlannerStability()
        }
        return SQLiteThreadedReader(connection: connection, thread: thread, logger: logger)
    }

    /// The connection as an SQLKit database whose statements run on the connection's thread (logged at `trace`).
    var sql: any SQLDatabase {
        SQLiteDirectDatabase(connection: connection, logger: logger, queryLogLevel: .trace, thread: thread)
    }

    /// Runs `body` with the connection's thread as its preferred executor. Child tasks `body` creates inherit that
    /// preference: start long CPU work that should run beside the database outside `run`.
    func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = sql
        return try await withTaskExecutorPreference(executor) { try await body(sql) }
    }

    /// Closes the connection and stops its thread. Nothing may run on it afterwards.
    func close() async {
        let connection = connection
        try? await thread.runIfActive { connection.close() }
        try? await thread.shutdownGracefully()
    }
}
