import Foundation
import SQLKit
import SwitchboardCore

/// Invitations by email: an invited user exists without a password until they use their one-time link.
public struct InvitationRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = "id, account_id, user_id, invited_by, expires_at, used_at, created_at"

    /// Creates the user (no password: they cannot sign in yet) and their link; returns the secret token, which is
    /// never stored. `.conflict` (field `email`) when the email is taken, `.invalidInput` for bad fields.
    public func invite(
        accountID: Int64, email: String, name: String, role: UserRole, invitedBy: Int64?, now: Date,
        on db: any SQLDatabase
    ) async throws -> (user: User, invitation: UserInvitation, token: String) {
        let user = try await UserRepository().create(
            accountID: accountID, email: email, name: name, role: role, passwordHash: nil, on: db)
        let (invitation, token) = try await issue(
            accountID: accountID, userID: user.id, invitedBy: invitedBy, now: now, on: db)
        return (user, invitation, token)
    }

    /// A new random token (`sbi_` + 43 base64url characters, 256 bits).
    public static func newToken() -> String { "sbi_" + Secrets.randomToken() }

    /// A new link for an existing user of the account, replacing (using up) any pending one; `token` (from
    /// ``newToken()``) when the caller needs to know it before the commit. `.notFound` when the user is not in
    /// the account, `.invalidInput` for a malformed token.
    public func issue(
        accountID: Int64, userID: Int64, invitedBy: Int64?, now: Date, token: String? = nil, on db: any SQLDatabase
    ) async throws -> (invitation: UserInvitation, token: String) {
        if let token, !Self.isPlausible(token) { throw SwitchboardError.invalid("token", "is not an invitation token") }
        guard try await UserRepository().get(accountID: accountID, id: userID, on: db) != nil else {
            throw SwitchboardError.notFound("user")
        }
        try await db.raw("""
            UPDATE user_invitations SET used_at = \(bind: now.storageMicros)
            WHERE account_id = \(bind: accountID) AND user_id = \(bind: userID) AND used_at IS NULL
            """).run()
        let token = token ?? Self.newToken()
        let expires = now.addingTimeInterval(UserInvitation.lifetime)
        guard let row = try await db.raw("""
            INSERT INTO user_invitations (account_id, user_id, token_hash, invited_by, expires_at, used_at, created_at)
            VALUES (\(bind: accountID), \(bind: userID), \(bind: Secrets.sha256Hex(token)), \(bind: invitedBy),
                    \(bind: expires.storageMicros), NULL, \(bind: now.storageMicros))
            RETURNING \(Self.columns)
            """).first()
        else { throw SwitchboardError(.internalError, "invitation was not created") }
        return (try Self.decode(row), token)
    }

    /// The pending invitation of `token` and its user, or `nil` (unknown, used, expired, or user deactivated).
    public func get(token: String, now: Date, on db: any SQLDatabase) async throws
        -> (invitation: UserInvitation, user: User)?
    {
        guard Self.isPlausible(token) else { return nil }
        guard let row = try await db.raw("""
            SELECT \(Self.columns) FROM user_invitations WHERE token_hash = \(bind: Secrets.sha256Hex(token))
            """).first()
        else { return nil }
        let invitation = try Self.decode(row)
        guard invitation.isPending(at: now),
            let user = try await UserRepository().get(
                accountID: invitation.accountID, id: invitation.userID, on: db),
            user.isActive
        else { return nil }
        return (invitation, user)
    }

    /// Uses the link once: sets the password hash and marks the invitation used. `.notFound` (field `token`)
    /// when the link is unknown, used, expired, or its user was deactivated. Run it in one write transaction.
    public func accept(
        token: String, passwordHash: String, now: Date, on db: any SQLDatabase
    ) async throws -> User {
        guard let (invitation, _) = try await get(token: token, now: now, on: db) else {
            throw SwitchboardError(.notFound, "this link is invalid, expired or already used", field: "token")
        }
        let claimed = try await db.raw("""
            UPDATE user_invitations SET used_at = \(bind: now.storageMicros)
            WHERE id = \(bind: invitation.id) AND used_at IS NULL RETURNING id
            """).first()
        guard claimed != nil else {
            throw SwitchboardError(.notFound, "this link is invalid, expired or already used", field: "token")
        }
        return try await UserRepository().update(
            accountID: invitation.accountID, id: invitation.userID, passwordHash: passwordHash, on: db)
    }

    /// The user's newest pending invitation, or `nil` when they have none (accepted, expired or never invited).
    public func pending(accountID: Int64, userID: Int64, now: Date, on db: any SQLDatabase) async throws
        -> UserInvitation?
    {
        try await db.raw("""
            SELECT \(Self.columns) FROM user_invitations
            WHERE account_id = \(bind: accountID) AND user_id = \(bind: userID) AND used_at IS NULL
              AND expires_at > \(bind: now.storageMicros)
            ORDER BY id DESC LIMIT 1
            """).first().map(Self.decode)
    }

    /// The ids of the account's users with a pending invitation (they have not chosen a password yet).
    public func pendingUserIDs(accountID: Int64, now: Date, on db: any SQLDatabase) async throws -> Set<Int64> {
        let ids = try await db.raw("""
            SELECT user_id FROM user_invitations
            WHERE account_id = \(bind: accountID) AND used_at IS NULL AND expires_at > \(bind: now.storageMicros)
            """).all(decodingColumn: "user_id", as: Int64.self)
        return Set(ids)
    }

    static func isPlausible(_ token: String) -> Bool {
        token.hasPrefix("sbi_") && (20...100).contains(token.utf8.count)
            && token.utf8.dropFirst(4).allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                    || byte == 0x2d || byte == 0x5f
            }
    }

    static func decode(_ row: any SQLRow) throws -> UserInvitation {
        UserInvitation(
            id: try row.value("id"), accountID: try row.value("account_id"), userID: try row.value("user_id"),
            invitedBy: try row.optional("invited_by"), expiresAt: try row.date("expires_at"),
            usedAt: try row.optionalDate("used_at"), createdAt: try row.date("created_at"))
    }
}
