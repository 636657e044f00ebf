import Foundation
import SQLKit

/// Failed logins, for throttling that works across instances. Keys are chosen by the caller (`email:…`, `ip:…`).
public struct LoginAttemptRepository: Sendable {
    public init() {}

    /// Records one failed attempt for `key` at `at`.
    public func recordFailure(key: String, at: Date, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO login_attempts (key, attempted_at) VALUES (\(bind: key), \(bind: at.storageMicros))
            """).run()
    }

    /// How many failures `key` has had since `since` (inclusive).
    public func failures(key: String, since: Date, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw("""
            SELECT COUNT(*) AS n FROM login_attempts
            WHERE key = \(bind: key) AND attempted_at >= \(bind: since.storageMicros)
            """).first()
        return try row.map { Int(try $0.value("n", as: Int64.self)) } ?? 0
    }

    /// Forgets the failures of `key` (after a successful login).
    public func clear(key: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM login_attempts WHERE key = \(bind: key)").run()
    }

    /// Deletes attempts older than `before` (housekeeping); returns how many.
    @discardableResult
    public func deleteOlder(than before: Date, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            DELETE FROM login_attempts WHERE attempted_at < \(bind: before.storageMicros) RETURNING key
            """).all().count
    }
}
