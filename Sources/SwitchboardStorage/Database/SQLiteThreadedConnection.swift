import Logging
import NIOPosix
import SQLKit

/// The writer's SQLite connection with a thread of its own: ``run(_:)`` runs Swift code on that thread
/// (``ThreadPoolTaskExecutor``), and the connection's statements run synchronously inside it
/// (``SQLiteDirectConnection``, statements kept prepared), so a transaction runs without switching threads and
/// without blocking Swift's cooperative pool. Use it from one task at a time (the backend's write lock sees to that).
final class SQLiteThreadedConnection: Sendable {
    let connection: SQLiteDirectConnection
    private let thread: NIOThreadPool
    private let executor: ThreadPoolTaskExecutor

    private let logger: Logger

    private init(connection: SQLiteDirectConnection, thread: NIOThreadPool, logger: Logger) {
        self.logger = logger
        self.connection = connection
        self.thread = thread
        self.executor = ThreadPoolTaskExecutor(pool: thread)
    }

    /// Opens the file at `path` on a new thread.
    static func open(path: String, logger: Logger) async throws -> SQLiteThreadedConnection {
        let (connection, thread) = try await SQLiteDirectConnection.openOnOwnThread(path: path)
        return SQLiteThreadedConnection(connection: connection, thread: thread, logger: logger)
    }

    /// The connection as an SQLKit database (statements logged at `trace`).
    var sql: any SQLDatabase {
        SQLiteDirectDatabase(connection: connection, logger: logger, queryLogLevel: .trace)
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
