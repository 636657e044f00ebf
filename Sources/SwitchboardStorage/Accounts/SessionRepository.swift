import Foundation
import SQLKit
import SwitchboardCore

/// Web sessions. The cookie secret is random; only its SHA-256 is stored.
public struct SessionRepository: Sendable {
    public init() {}

    /// Creates a session and returns the cookie secret and the session's CSRF token.
    public func create(
        userID: Int64, accountID: Int64, expiresAt: Date, on db: any SQLDatabase
    ) async throws -> (secret: String, csrfToken: String) {
        guard try await UserRepository().get(accountID: accountID, id: userID, on: db) != nil else {
            throw SwitchboardError.invalid("user_id", "must be a user of this account")
        }
        let secret = Secrets.randomToken(byteCount: 32)
        let csrf = Secrets.randomToken(byteCount: 24)
        try await db.raw("""
            INSERT INTO sessions (account_id, user_id, secret_hash, csrf_token, created_at, expires_at)
            VALUES (\(bind: accountID), \(bind: userID), \(bind: Secrets.sha256Hex(secret)), \(bind: csrf),
                    \(bind: Date().storageMicros), \(bind: expiresAt.storageMicros))
            """).run()
        return (secret, csrf)
    }

    /// The session's user, CSRF token and expiry, or `nil` when unknown, expired at `now`, or the user is inactive.
    public func get(
        secret: String, now: Date, on db: any SQLDatabase
    ) async throws -> (user: User, csrfToken: String, expiresAt: Date)? {
        guard !secret.isEmpty, secret.utf8.count < 200 else { return nil }
        guard let row = try await db.raw("""
            SELECT u.id, u.account_id, u.email, u.name, u.role, u.is_active, u.created_at,
                   s.csrf_token, s.expires_at
            FROM sessions s JOIN users u ON u.id = s.user_id AND u.account_id = s.account_id
            WHERE s.secret_hash = \(bind: Secrets.sha256Hex(secret)) AND s.expires_at > \(bind: now.storageMicros)
            """).first()
        else { return nil }
        let user = try UserRepository.decode(row)
        guard user.isActive else { return nil }
        return (user, try row.value("csrf_token"), try row.date("expires_at"))
    }

    /// Deletes the session (logout). Unknown secrets are ignored.
    public func delete(secret: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE secret_hash = \(bind: Secrets.sha256Hex(secret))").run()
    }

    /// Deletes every session of the user (password change, deactivation).
    public func deleteAll(accountID: Int64, userID: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE account_id = \(bind: accountID) AND user_id = \(bind: userID)")
            .run()
    }

    /// Deletes sessions that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpired(now: Date, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: now.storageMicros) RETURNING id")
            .all().count
    }
}
