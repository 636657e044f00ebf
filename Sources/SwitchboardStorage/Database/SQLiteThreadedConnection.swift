import Logging
import NIOPosix
import SQLKit

/// An SQLite connection (``SQLiteDirectConnection``, statements kept prepared) with a thread of its own:
/// ``run(_:)`` runs Swift code on that thread (``ThreadPoolTaskExecutor``), so a transaction or a page of several
/// queries runs without switching threads and without blocking Swift's cooperative pool. Use one connection from one
/// task at a time (the backend's write lock and reader pool see to that).
///
/// The two roles differ in how ``sql`` runs a statement:
/// - the **writer** runs it synchronously inside the Swift code, on the thread ``run(_:)`` is on;
/// - a **reader** hands each statement to its thread's queue and awaits it: one suspension point per statement, as it
///   was with sqlite-nio. Synchronous readers once stalled the server test suite (docs/performance.md, "Session
///   10"); the cause was tests blocking Swift's cooperative pool (`BlockingWork` in SwitchboardServer), not the
///   readers. Tried again in session 11 they ran stably but made no measurable difference to reads or creates, so
///   the readers kept the form measured first.
///
/// A reader also has SQLite's query planner stability guarantee on: with ANALYZE's statistics SQLite otherwise
/// prepared a cached read again whenever it was bound to new values (the API-token lookup on 2,131 of 2,132 runs).
final class SQLiteThreadedConnection: Sendable {
    /// What the connection is for.
    enum Role: Sendable {
        case writer
        case reader
    }

    let connection: SQLiteDirectConnection
    let role: Role
    private let thread: NIOThreadPool
    private let executor: ThreadPoolTaskExecutor
    private let logger: Logger

    private init(connection: SQLiteDirectConnection, role: Role, thread: NIOThreadPool, logger: Logger) {
        self.connection = connection
        self.role = role
        self.thread = thread
        self.executor = ThreadPoolTaskExecutor(pool: thread)
        self.logger = logger
    }

    /// Opens the file at `path` for `role` on a new thread.
    static func open(path: String, role: Role, logger: Logger) async throws -> SQLiteThreadedConnection {
        let (connection, thread) = try await SQLiteDirectConnection.openOnOwnThread(path: path) { connection in
            if role == .reader { try connection.enablePlannerStability() }
        }
        return SQLiteThreadedConnection(connection: connection, role: role, thread: thread, logger: logger)
    }

    /// The connection as an SQLKit database (statements logged at `trace`), running statements as its role says.
    var sql: any SQLDatabase {
        SQLiteDirectDatabase(
            connection: connection, logger: logger, queryLogLevel: .trace, thread: role == .reader ? thread : nil)
    }

    /// Runs `body` with the connection's thread as its preferred executor. Child tasks `body` creates inherit that
    /// preference: start long CPU work that should run beside the database outside `run`.
    func run<T: Sendable>(_ body: @Sendable (SQLiteDirectConnection) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(executor) { try await body(connection) }
    }

    /// Starts `body` in a new detached task that runs on the connection's thread from its first step: it needs no
    /// thread of Swift's cooperative pool, which tests and blocking callers may have taken, and it does not carry the
    /// starting task's task-local values (``SQLiteGroupCommit``).
    func startTask(_ body: @escaping @Sendable () async -> Void) {
        Task.detached(executorPreference: executor) { await body() }
    }

    /// Closes the connection and stops its thread. Nothing may run on it afterwards.
    func close() async {
        // Closing the last connection checkpoints the WAL into the database file: disk work for this thread.
        let connection = connection
        try? await thread.runIfActive { connection.close() }
        try? await thread.shutdownGracefully()
    }
}
