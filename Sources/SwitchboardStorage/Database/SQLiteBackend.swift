import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite behind one writer connection (FIFO lock, `BEGIN IMMEDIATE`, group commit) and a few reader connections, in
/// WAL mode.
///
/// Every connection has a thread of its own, and reads and writes run their Swift code on their connection's
/// thread, so the statements of one transaction or page do not hop between threads. Every connection drives SQLite's
/// C API itself and keeps its statements prepared (``SQLiteDirectConnection``): the writer runs its statements
/// synchronously on its thread, a reader hands each one to its thread and awaits it (``SQLiteThreadedConnection``
/// says why).
final class SQLiteBackend: Sendable {
    let writer: SQLiteThreadedConnection
    private let writeLock: AsyncFIFOLock
    let groupCommit: SQLiteGroupCommit
    private let readers: AsyncResourcePool<SQLiteThreadedConnection>
    private let allReaders: [SQLiteThreadedConnection]
    /// Checkpoints the WAL in place of the writer; `nil` when the file is not in WAL mode.
    let checkpointer: SQLiteCheckpointer?
    private let closed = Mutex(false)

    /// How long a connection waits for a lock held by another process before failing (milliseconds).
    static let busyTimeoutMilliseconds = 10_000

    private init(
        writer: SQLiteThreadedConnection, readers: [SQLiteThreadedConnection], checkpointer: SQLiteCheckpointer?
    ) {
        self.writer = writer
        self.checkpointer = checkpointer
        let writeLock = AsyncFIFOLock()
        self.writeLock = writeLock
        self.groupCommit = SQLiteGroupCommit(writer: writer, writeLock: writeLock)
        self.allReaders = readers
        self.readers = AsyncResourcePool(readers)
    }

    static func open(path: String, readers count: Int, logger: Logger) async throws -> SQLiteBackend {
        let writer = try await SQLiteThreadedConnection.open(path: path, role: .writer, logger: logger)
        var readers: [SQLiteThreadedConnection] = []
        var checkpointer: SQLiteCheckpointer?
        do {
            // On the connection's own thread: a PRAGMA may wait up to busy_timeout for another process's lock.
            let mode = try await writer.run { _ in
                try await configure(writer.sql, isWriter: true)
                return try await writer.sql.raw("PRAGMA journal_mode")
                    .first(decodingColumn: "journal_mode", as: String.self)
            }
            if mode?.lowercased() == "wal" {
                let opened = try await SQLiteCheckpointer.open(path: path, logger: logger)
                checkpointer = opened
                try await writer.run { connection in
                    try connection.onWALCommit { frames in opened.walCommitted(frames: frames) }
                }
            } else {
                logger.warning("SQLite is not in WAL mode; readers may wait for writers", metadata: [
                    "switchboard.journal_mode": "\(mode ?? "unknown")"
                ])
            }
            for _ in 0..<count {
                let reader = try await SQLiteThreadedConnection.open(path: path, role: .reader, logger: logger)
                readers.append(reader)
                try await reader.run { _ in try await configure(reader.sql, isWriter: false) }
            }
            return SQLiteBackend(writer: writer, readers: readers, checkpointer: checkpointer)
        } catch {
            for reader in readers { await reader.close() }
            await closeWriter(writer, checkpointer: checkpointer)
            throw error
        }
    }

    private static func configure(_ db: any SQLDatabase, isWriter: Bool) async throws {
        try await db.raw("PRAGMA busy_timeout = \(literal: busyTimeoutMilliseconds)").run()
        if isWriter {
            _ = try await db.raw("PRAGMA journal_mode = WAL").all()
            // Group commit runs each write of a batch in a SAVEPOINT, whose sub-journal SQLite writes to a temporary
            // file once it passes 64 KB: at 1M tickets and c=64 that was ~8% of the writer's time in pwrite. In
            // memory it costs at most the pages one batch changes.
            try await db.raw("PRAGMA temp_store = MEMORY").run()
        } else {
            // A write here would take the WAL write lock beside the writer's transaction: under load it waits for
            // busy_timeout or fails with "database is locked". Refuse it at once instead, in every run.
            try await db.raw("PRAGMA query_only = ON").run()
        }
        try await db.raw("PRAGMA foreign_keys = ON").run()
        try await db.raw("PRAGMA synchronous = NORMAL").run()
    }

    /// Every reader's prepared statements, with their runs and re-preparations summed over the readers (for tests).
    var readerStatementStatistics: [String: (runs: Int, reprepares: Int)] {
        allReaders.map(\.connection.statementStatistics).reduce(into: [:]) { total, statistics in
            total.merge(statistics) { ($0.runs + $1.runs, $0.reprepares + $1.reprepares) }
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = await readers.acquire()
        do {
            let sql = reader.sql
            let result = try await reader.run { _ in try await body(sql) }
            await readers.release(reader)
            return result
        } catch {
            await readers.release(reader)
            throw error
        }
    }

    /// Runs `body` in a write transaction shared with the writes queued beside it (``SQLiteGroupCommit``), in a
    /// savepoint of its own; returns once that transaction has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.write { db in try await body(db) }
    }

    /// Runs `body` in a transaction of its own on the writer connection itself, for bulk loads that bind
    /// `SQLiteData` straight to the connection.
    func writeConnection<T: Sendable>(
        _ body: @Sendable (SQLiteDirectConnection) async throws -> T
    ) async throws -> T {
        await writeLock.lock()
        return try await writer.run { connection in try await inTransaction(connection, body) }
    }

    /// Runs `body` in `BEGIN IMMEDIATE … COMMIT` (or `ROLLBACK` when it throws); the caller holds the write lock,
    /// which this releases.
    private func inTransaction<T: Sendable>(
        _ connection: SQLiteDirectConnection, _ body: @Sendable (SQLiteDirectConnection) async throws -> T
    ) async throws -> T {
        let db = writer.sql
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            await writeLock.unlock()
            throw error
        }
        do {
            let result = try await body(connection)
            try await db.raw("COMMIT").run()
            await writeLock.unlock()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            await writeLock.unlock()
            throw error
        }
    }

    /// Runs `body` on the writer connection under the write lock but outside any transaction (for the PRAGMAs that
    /// refuse to change inside one, such as `synchronous`).
    func withWriterOutsideTransaction<T: Sendable>(
        _ body: @Sendable (SQLiteDirectConnection) async throws -> T
    ) async throws -> T {
        await writeLock.lock()
        return try await writer.run { writer in
            do {
                let result = try await body(writer)
                await writeLock.unlock()
                return result
            } catch {
                await writeLock.unlock()
                throw error
            }
        }
    }

    func close() async {
        let alreadyClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        if alreadyClosed { return }
        await writeLock.lock()
        // Take every reader back first, so no read is running when its connection closes.
        for _ in allReaders {
            let reader = await readers.acquire()
            await reader.close()
        }
        await Self.closeWriter(writer, checkpointer: checkpointer)
        await writeLock.unlock()
    }

    /// Stops the checkpointer (after taking the writer's WAL hook off, so nothing signals it any more), then closes the
    /// writer. The writer closes last, so SQLite checkpoints what is left of the WAL and removes it.
    private static func closeWriter(_ writer: SQLiteThreadedConnection, checkpointer: SQLiteCheckpointer?) async {
        if let checkpointer {
            try? await writer.run { connection in try connection.onWALCommit(nil) }
            await checkpointer.close()
        }
        await writer.close()
    }
}
