import Foundation
import SQLKit
import SwitchboardCore

/// Durable background jobs: enqueue, claim with a lease, complete, fail with retry, dead after the last attempt.
///
/// Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL (concurrent workers never get the same job) and run inside the
/// single writer on SQLite. A running job whose lease expired (its worker crashed) is claimed again.
public struct JobRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        id, account_id, kind, payload, state, attempts, max_attempts, run_at, locked_by, locked_until, last_error, \
        created_at, updated_at
        """

    /// Enqueues a job to run at or after `runAt`.
    public func enqueue(
        accountID: Int64?, kind: String, payload: JSONValue, runAt: Date, maxAttempts: Int = 8, on db: any SQLDatabase
    ) async throws -> Job {
        let kind = try Validation.text(kind, field: "kind", maxLength: 128)
        guard (1...1000).contains(maxAttempts) else {
            throw SwitchboardError.invalid("max_attempts", "must be between 1 and 1000")
        }
        let now = Date().storageMicros
        guard let row = try await db.raw("""
            INSERT INTO jobs (account_id, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: kind), \(bind: try JSONText.encode(payload)),
                    \(bind: JobState.queued.rawValue), 0, \(bind: maxAttempts), \(bind: runAt.storageMicros),
                    \(bind: now), \(bind: now))
            RETURNING \(Self.columns)
            """).first()
        else { throw SwitchboardError(.internalError, "job was not enqueued") }
        return try Self.decode(row)
    }

    /// Claims up to `limit` due jobs (queued with `run_at <= now`, or running with an expired lease), oldest due
    /// first: state running, `locked_by = workerID`, `locked_until = now + lease`, attempts + 1. A job whose lease
    /// expired on its last attempt is marked dead instead.
    public func claim(
        workerID: String, kinds: [String]? = nil, now: Date, lease: Duration, limit: Int = 1, on db: any SQLDatabase
    ) async throws -> [Job] {
        let limit = try checkedLimit(limit, maximum: 1000)
        let nowMicros = now.storageMicros
        let until = nowMicros + Self.micros(lease)
        try await db.raw("""
            UPDATE jobs SET state = \(bind: JobState.dead.rawValue), locked_by = NULL, locked_until = NULL,
                last_error = COALESCE(last_error, 'lease expired on the last attempt'), updated_at = \(bind: nowMicros)
            WHERE state = \(bind: JobState.running.rawValue) AND locked_until < \(bind: nowMicros)
              AND attempts >= max_attempts
            """).run()
        var due: SQLQueryString = """
            SELECT id FROM jobs
            WHERE ((state = \(bind: JobState.queued.rawValue) AND run_at <= \(bind: nowMicros))
                OR (state = \(bind: JobState.running.rawValue) AND locked_until < \(bind: nowMicros)))
            """
        if let kinds {
            if kinds.isEmpty { return [] }
            due += " AND kind IN (\(binds: kinds))"
        }
        due += " ORDER BY run_at, id LIMIT \(literal: limit)"
        if db.isPostgres { due += " FOR UPDATE SKIP LOCKED" }
        let rows = try await db.raw("""
            UPDATE jobs SET state = \(bind: JobState.running.rawValue), locked_by = \(bind: workerID),
                locked_until = \(bind: until), attempts = attempts + 1, updated_at = \(bind: nowMicros)
            WHERE id IN (\(due))
            RETURNING \(Self.columns)
            """).all()
        return try rows.map(Self.decode).sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }
    }

    /// Marks the job succeeded; `.conflict` when `workerID` no longer holds it (its lease was taken over).
    public func complete(id: Int64, workerID: String, on db: any SQLDatabase) async throws {
        let row = try await db.raw("""
            UPDATE jobs SET state = \(bind: JobState.succeeded.rawValue), locked_by = NULL, locked_until = NULL,
                updated_at = \(bind: Date().storageMicros)
            WHERE id = \(bind: id) AND state = \(bind: JobState.running.rawValue) AND locked_by = \(bind: workerID)
            RETURNING id
            """).first()
        if row == nil { throw Self.notHeld }
    }

    /// Records a failed attempt: back to queued at `retryAt`, or dead when `retryAt` is `nil` (permanent failure)
    /// or the attempts are used up. `.conflict` when `workerID` no longer holds the job.
    public func fail(
        id: Int64, workerID: String, error: String, retryAt: Date?, on db: any SQLDatabase
    ) async throws -> Job {
        let message = String(error.prefix(2000))
        let now = Date().storageMicros
        let row: (any SQLRow)?
        if let retryAt {
            row = try await db.raw("""
                UPDATE jobs SET
                    state = CASE WHEN attempts >= max_attempts THEN \(bind: JobState.dead.rawValue)
                                 ELSE \(bind: JobState.queued.rawValue) END,
                    run_at = \(bind: retryAt.storageMicros), locked_by = NULL, locked_until = NULL,
                    last_error = \(bind: message), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND state = \(bind: JobState.running.rawValue) AND locked_by = \(bind: workerID)
                RETURNING \(Self.columns)
                """).first()
        } else {
            row = try await db.raw("""
                UPDATE jobs SET state = \(bind: JobState.dead.rawValue), locked_by = NULL, locked_until = NULL,
                    last_error = \(bind: message), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND state = \(bind: JobState.running.rawValue) AND locked_by = \(bind: workerID)
                RETURNING \(Self.columns)
                """).first()
        }
        guard let row else { throw Self.notHeld }
        return try Self.decode(row)
    }

    /// Extends the lease of a running job held by `workerID`; `.conflict` when it no longer holds it.
    public func extendLease(id: Int64, workerID: String, until: Date, on db: any SQLDatabase) async throws {
        let row = try await db.raw("""
            UPDATE jobs SET locked_until = \(bind: until.storageMicros), updated_at = \(bind: Date().storageMicros)
            WHERE id = \(bind: id) AND state = \(bind: JobState.running.rawValue) AND locked_by = \(bind: workerID)
            RETURNING id
            """).first()
        if row == nil { throw Self.notHeld }
    }

    /// Jobs by id (oldest first), optionally of one account and one state, `limit` (1…100) after the id `after`.
    public func list(
        accountID: Int64? = nil, state: JobState? = nil, limit: Int = 25, after: Int64? = nil, on db: any SQLDatabase
    ) async throws -> Page<Job> {
        let limit = try checkedLimit(limit)
        var sql: SQLQueryString = "SELECT \(Self.columns) FROM jobs WHERE 1 = 1"
        if let accountID { sql += " AND account_id = \(bind: accountID)" }
        if let state { sql += " AND state = \(bind: state.rawValue)" }
        if let after { sql += " AND id > \(bind: after)" }
        sql += " ORDER BY id LIMIT \(literal: limit + 1)"
        let jobs = try await db.raw(sql).all().map(Self.decode)
        let page = Array(jobs.prefix(limit))
        return Page(items: page, nextCursor: jobs.count > limit ? page.last.map { String($0.id) } : nil)
    }

    /// The job, or `nil`.
    public func get(id: Int64, on db: any SQLDatabase) async throws -> Job? {
        try await db.raw("SELECT \(Self.columns) FROM jobs WHERE id = \(bind: id)").first().map(Self.decode)
    }

    static let notHeld = SwitchboardError(.conflict, "the job is not held by this worker (its lease expired)")

    static func micros(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    static func decode(_ row: any SQLRow) throws -> Job {
        Job(
            id: try row.value("id"), accountID: try row.optional("account_id"), kind: try row.value("kind"),
            payload: try JSONText.decode(JSONValue.self, from: try row.value("payload")),
            state: try row.enumValue("state"), attempts: try row.int("attempts"),
            maxAttempts: try row.int("max_attempts"), runAt: try row.date("run_at"),
            lockedBy: try row.optional("locked_by"), lockedUntil: try row.optionalDate("locked_until"),
            lastError: try row.optional("last_error"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
