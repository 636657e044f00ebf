import Logging
import NIOPosix
import SQLiteNIO

/// A reader's SQLite connection (sqlite-nio) with a thread of its own: a one-thread `NIOThreadPool` runs the
/// connection's SQLite calls, and ``run(_:)`` runs Swift code on that same thread (``ThreadPoolTaskExecutor``).
///
/// On the shared pools every statement cost two thread wake-ups: one into NIO's thread pool, one back to Swift's
/// cooperative pool. Inside ``run(_:)`` a statement is queued from the connection's own thread and its
/// continuation comes back the same way, so a page of several queries runs without switching threads. Use one
/// such connection from one task at a time (the backend's pool sees to that).
///
/// The writer uses ``SQLiteThreadedConnection`` (statements kept prepared). Readers stay on sqlite-nio: with the
/// readers on ``SQLiteDirectConnection`` too, the server test suite stalled when the PostgreSQL tests ran beside it
/// (docs/performance.md, "Session 10"), for a reason not found yet.
final class SQLiteThreadedReader: Sendable {
    let connection: SQLiteConnection
    private let thread: NIOThreadPool
    private let executor: ThreadPoolTaskExecutor

    private init(connection: SQLiteConnection, thread: NIOThreadPool) {
        self.connection = connection
        self.thread = thread
        self.executor = ThreadPoolTaskExecutor(pool: thread)
    }

    /// Opens the file at `path` on a new thread.
    static func open(path: String, logger: Logger) async throws -> SQLiteThreadedReader {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: thread, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any())
            return SQLiteThreadedReader(connection: connection, thread: thread)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
    }

    /// Runs `body` with the connection's thread as its preferred executor. Child tasks `body` creates inherit that
    /// preference: start long CPU work that should run beside the database outside `run`.
    func run<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(executor) { try await body(connection) }
    }

    /// Closes the connection and stops its thread. Nothing may run on it afterwards.
    func close() async {
        try? await connection.close()
        try? await thread.shutdownGracefully()
    }
}
