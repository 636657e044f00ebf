import Metrics
import SQLKit
import SwitchboardCore
import Synchronization

/// Group commit for SQLite writes: the writes that queue up while a transaction runs are committed together in the
/// next one, each in a savepoint of its own.
///
/// A write is only answered after the transaction holding it has committed, so nothing is acknowledged before it is
/// durable to the same degree as before. A write that throws is rolled back to its savepoint and gets its error; the
/// writes beside it are unaffected. When the transaction itself cannot be trusted (a savepoint statement fails), or
/// the deferred work (``DeferredWrites``: the FTS5 writes) or the commit fails, the whole batch is rolled back and
/// every write in it gets that error: none of them is kept, and none is answered as done.
///
/// Why: much of a ticket create's cost is per transaction, not per row: the FTS5 index flushes a new segment (and
/// merges segments) at the end of every transaction, and every commit copies the dirty B-tree pages (the same hot
/// index pages each time) into the WAL. Under concurrency one commit now carries many writes; FTS5's own flush is
/// also moved to the end of the batch (``DeferredWrites``), since it would otherwise flush at every savepoint.
/// docs/performance.md has the profile and the measurements.
///
/// The batch runs in a task of its own on the writer's thread, never cancelled: a client that goes away while its
/// write is queued does not fail the writes batched with it, and its own write still completes.
final class SQLiteGroupCommit: Sendable {
    /// The most writes one transaction carries; the rest wait for the next one. Limits of 16 and 32 were tried at 1M
    /// tickets and not kept: the differences were within the machine's noise (docs/performance.md, "Session 12").
    static let maximumBatch = 64

    private let writer: SQLiteThreadedConnection
    private let writeLock: AsyncFIFOLock
    private let state = Mutex(State())
    /// Transactions committed so far, and the writes committed in them (for tests; `/metrics` has the same counts as
    /// `switchboard_sqlite_transactions_total` and `switchboard_sqlite_writes_total`).
    let committed = Atomic<Int>(0)
    let committedWrites = Atomic<Int>(0)
    /// The most writes any batch taken from the queue has held (for tests).
    let largestBatch = Atomic<Int>(0)

    /// The writes waiting for the next transaction (for tests).
    var queuedWrites: Int { state.withLock { $0.queue.count } }

    private struct State {
        var queue: [any QueuedWrite] = []
        var draining = false
    }

    init(writer: SQLiteThreadedConnection, writeLock: AsyncFIFOLock) {
        self.writer = writer
        self.writeLock = writeLock
    }

    /// Queues `body` for the next transaction and returns its result once that transaction has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let write = PendingWrite(body: body, continuation: continuation)
            let startDrain = state.withLock { state in
                state.queue.append(write)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain {
                writer.startTask { await self.drain(self.writer.sql) }
            }
        }
    }

    /// Runs batches until the queue is empty. The write lock is taken before each batch is taken from the queue, so
    /// the writes that arrive while a bulk load or another batch holds it join the next batch.
    private func drain(_ db: any SQLDatabase) async {
        while true {
            await writeLock.lock()
            let batch = state.withLock { state -> [any QueuedWrite] in
                let taken = Array(state.queue.prefix(Self.maximumBatch))
                state.queue.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if batch.isEmpty {
                await writeLock.unlock()
                return
            }
            largestBatch.max(batch.count, ordering: .relaxed)
            await commit(batch, on: db)
            await writeLock.unlock()
        }
    }

    /// Runs `batch` in one `BEGIN IMMEDIATE … COMMIT` and answers every write in it. The work the writes deferred
    /// (``DeferredWrites``) runs after the last of them, before the commit.
    private func commit(_ batch: [any QueuedWrite], on db: any SQLDatabase) async {
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            for write in batch { write.fail(error) }
            return
        }
        let deferred = DeferredWrites()
        do {
            // A write alone needs no savepoint: the transaction is its own.
            let savepoints = batch.count > 1
            for write in batch {
                let own = DeferredWrites()
                if savepoints { try await db.raw("SAVEPOINT switchboard_write").run() }
                let succeeded = await Self.run(write, deferring: own, on: db)
                if succeeded { deferred.absorb(own) }
                if savepoints {
                    if !succeeded { try await db.raw("ROLLBACK TO switchboard_write").run() }
                    try await db.raw("RELEASE switchboard_write").run()
                }
            }
            if batch.allSatisfy({ !$0.succeeded }) {
                try? await db.raw("ROLLBACK").run()
                for write in batch { write.finish() }
                return
            }
            try await deferred.run(on: db)
            try await db.raw("COMMIT").run()
        } catch {
            // The transaction is in a state we cannot trust (SQLite may already have rolled it back), or the
            // deferred work or the commit failed: keep none of it.
            try? await db.raw("ROLLBACK").run()
            for write in batch { write.fail(error) }
            return
        }
        // Counted before the writes are answered, so a caller that reads the counts after its write sees it.
        let kept = batch.count { $0.succeeded }
        committed.add(1, ordering: .relaxed)
        committedWrites.add(kept, ordering: .relaxed)
        Counter(label: "switchboard_sqlite_transactions_total").increment()
        Counter(label: "switchboard_sqlite_writes_total").increment(by: kept)
        for write in batch { write.finish() }
    }

    /// Runs one write's body in a child task with `deferred` as its ``DeferredWrites/current``. The child task also
    /// keeps a body that cancels its own task from cancelling the batch's task, which runs the transaction statements.
    private static func run(
        _ write: any QueuedWrite, deferring deferred: DeferredWrites, on db: any SQLDatabase
    ) async -> Bool {
        async let succeeded = DeferredWrites.$current.withValue(deferred) { await write.run(on: db) }
        return await succeeded
    }
}

/// A write waiting in ``SQLiteGroupCommit``'s queue, with its result type erased.
private protocol QueuedWrite: Sendable {
    /// Runs the body and keeps its outcome; returns whether it succeeded.
    func run(on db: any SQLDatabase) async -> Bool
    /// Whether the body ran and succeeded.
    var succeeded: Bool { get }
    /// Answers the caller with the kept outcome (after the commit).
    func finish()
    /// Answers the caller with `error`: the transaction holding the write did not commit.
    func fail(_ error: any Error)
}

/// One queued write. Its outcome is written and read only by the batch task that runs it, one step after the other.
private final class PendingWrite<T: Sendable>: QueuedWrite, @unchecked Sendable {
    private let body: @Sendable (any SQLDatabase) async throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(
        body: @escaping @Sendable (any SQLDatabase) async throws -> T,
        continuation: CheckedContinuation<T, any Error>
    ) {
        self.body = body
        self.continuation = continuation
    }

    func run(on db: any SQLDatabase) async -> Bool {
        do {
            outcome = .success(try await body(db))
            return true
        } catch {
            outcome = .failure(error)
            return false
        }
    }

    var succeeded: Bool {
        if case .success = outcome { return true }
        return false
    }

    func finish() {
        continuation.resume(with: outcome ?? .failure(SwitchboardError(.internalError, "the write did not run")))
    }

    func fail(_ error: any Error) {
        // A body that threw keeps its own error: it is the more precise one.
        if case .failure(let own) = outcome {
            continuation.resume(throwing: own)
        } else {
            continuation.resume(throwing: error)
        }
    }
}
