import Foundation
import SQLKit
import SwitchboardCore

/// Stored responses for `Idempotency-Key` requests, so a retried create returns the first response.
public struct IdempotencyRepository: Sendable {
    public init() {}

    /// The stored response for (`accountID`, `key`), or `nil`; `.conflict` (field `Idempotency-Key`) when the key
    /// was used with a different request (`fingerprint`).
    public func get(
        accountID: Int64, key: String, fingerprint: String, on db: any SQLDatabase
    ) async throws -> (status: Int, body: [UInt8])? {
        guard let row = try await db.raw("""
            SELECT fingerprint, status, body FROM idempotency_keys
            WHERE account_id = \(bind: accountID) AND key = \(bind: key)
            """).first()
        else { return nil }
        guard try row.value("fingerprint", as: String.self) == fingerprint else {
            throw SwitchboardError(
                .conflict, "this idempotency key was used with a different request", field: "Idempotency-Key")
        }
        guard let body = Data(base64Encoded: try row.value("body", as: String.self)) else {
            throw SwitchboardError(.internalError, "stored response could not be read")
        }
        return (try row.int("status"), Array(body))
    }

    /// Stores the response; if the key was stored meanwhile (a concurrent retry), the first one is kept.
    public func save(
        accountID: Int64, key: String, fingerprint: String, status: Int, body: [UInt8], on db: any SQLDatabase
    ) async throws {
        guard !key.isEmpty, key.utf8.count <= 255 else {
            throw SwitchboardError.invalid("Idempotency-Key", "must be 1–255 characters")
        }
        try await db.raw("""
            INSERT INTO idempotency_keys (account_id, key, fingerprint, status, body, created_at)
            VALUES (\(bind: accountID), \(bind: key), \(bind: fingerprint), \(bind: status),
                    \(bind: Data(body).base64EncodedString()), \(bind: Date().storageMicros))
            ON CONFLICT (account_id, key) DO NOTHING
            """).run()
    }

    /// Deletes keys stored before `before`; returns how many.
    @discardableResult
    public func deleteExpired(before: Date, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            DELETE FROM idempotency_keys WHERE created_at < \(bind: before.storageMicros) RETURNING key
            """).all().count
    }
}
