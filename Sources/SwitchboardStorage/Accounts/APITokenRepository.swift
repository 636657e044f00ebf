import Foundation
import SQLKit
import SwitchboardCore

/// Personal API tokens. The secret (`sbt_` + 32 random bytes, base64url) is returned once; only its SHA-256 is kept.
public struct APITokenRepository: Sendable {
    public init() {}

    /// `last_used_at` is refreshed at most this often, so authenticating does not write on every request.
    static let lastUsedGranularity: Int64 = 60 * 1_000_000

    static let columns: SQLQueryString = """
        t.id, t.account_id, t.user_id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at
        """

    /// Creates a token for a user of the account and returns it with its secret (shown once).
    public func create(
        accountID: Int64, userID: Int64, name: String, on db: any SQLDatabase
    ) async throws -> (token: APIToken, secret: String) {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        guard try await UserRepository().get(accountID: accountID, id: userID, on: db) != nil else {
            throw SwitchboardError.invalid("user_id", "must be a user of this account")
        }
        let secret = "sbt_" + Secrets.randomToken(byteCount: 32)
        let prefix = String(secret.prefix(12))
        let now = Date().storageMicros
        guard let row = try await db.raw("""
            INSERT INTO api_tokens (account_id, user_id, name, prefix, token_hash, created_at)
            VALUES (\(bind: accountID), \(bind: userID), \(bind: name), \(bind: prefix),
                    \(bind: Secrets.sha256Hex(secret)), \(bind: now))
            RETURNING id
            """).first()
        else { throw SwitchboardError(.internalError, "token was not created") }
        let token = APIToken(
            id: try row.value("id"), accountID: accountID, userID: userID, name: name, prefix: prefix,
            createdAt: Timestamp.date(now))
        return (token, secret)
    }

    /// The token and its user for `secret`, or `nil` when unknown, revoked, or the user is inactive.
    /// Only reads, so it runs on a reader connection; refresh `last_used_at` with ``recordUse(id:now:on:)`` in a
    /// write when ``isUseStale(_:now:)`` says so.
    public func authenticate(secret: String, on db: any SQLDatabase) async throws -> (token: APIToken, user: User)? {
        guard secret.hasPrefix("sbt_"), secret.utf8.count < 200 else { return nil }
        guard let row = try await db.raw("""
            SELECT \(Self.columns), u.email AS user_email, u.name AS user_name, u.role AS user_role,
                   u.is_active AS user_is_active, u.created_at AS user_created_at
            FROM api_tokens t JOIN users u ON u.id = t.user_id AND u.account_id = t.account_id
            WHERE t.token_hash = \(bind: Secrets.sha256Hex(secret))
            """).first()
        else { return nil }
        let token = try Self.decode(row)
        let user = User(
            id: token.userID, accountID: token.accountID, email: try row.value("user_email"),
            name: try row.value("user_name"), role: try row.enumValue("user_role"),
            isActive: try row.bool("user_is_active"), createdAt: try row.date("user_created_at"))
        guard token.revokedAt == nil, user.isActive else { return nil }
        return (token, user)
    }

    /// Whether `token.lastUsedAt` is older than the refresh granularity at `now` (or unset).
    public static func isUseStale(_ token: APIToken, now: Date) -> Bool {
        token.lastUsedAt.map { now.storageMicros - $0.storageMicros >= lastUsedGranularity } ?? true
    }

    /// Sets `last_used_at` to `now` unless another request refreshed it within the granularity; `true` when it
    /// wrote. Run it inside `write`.
    @discardableResult
    public func recordUse(id: Int64, now: Date, on db: any SQLDatabase) async throws -> Bool {
        let nowMicros = now.storageMicros
        return try await !db.raw("""
            UPDATE api_tokens SET last_used_at = \(bind: nowMicros)
            WHERE id = \(bind: id)
              AND (last_used_at IS NULL OR last_used_at <= \(bind: nowMicros - Self.lastUsedGranularity))
            RETURNING id
            """).all().isEmpty
    }

    /// The user's tokens (revoked ones included), newest first.
    public func list(accountID: Int64, userID: Int64, on db: any SQLDatabase) async throws -> [APIToken] {
        try await db.raw("""
            SELECT \(Self.columns) FROM api_tokens t
            WHERE t.account_id = \(bind: accountID) AND t.user_id = \(bind: userID) ORDER BY t.id DESC
            """).all().map(Self.decode)
    }

    /// Revokes the token; `.notFound` when it is not in the account. Revoking twice is fine.
    public func revoke(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws {
        let row = try await db.raw("""
            UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, \(bind: Date().storageMicros))
            WHERE account_id = \(bind: accountID) AND id = \(bind: id) RETURNING id
            """).first()
        if row == nil { throw SwitchboardError.notFound("token") }
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.value("id"), accountID: try row.value("account_id"), userID: try row.value("user_id"),
            name: try row.value("name"), prefix: try row.value("prefix"), createdAt: try row.date("created_at"),
            lastUsedAt: try row.optionalDate("last_used_at"), revokedAt: try row.optionalDate("revoked_at"))
    }
}
