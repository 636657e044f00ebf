import Foundation
import SQLKit
import SwitchboardCore

/// Agents and admins. Emails are unique across the installation (people log in by email).
public struct UserRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = "id, account_id, email, name, role, is_active, created_at"

    /// Creates a user; `.conflict` (field `email`) when the email is taken, `.invalidInput` for bad fields.
    public func create(
        accountID: Int64, email: String, name: String, role: UserRole, passwordHash: String?,
        on db: any SQLDatabase
    ) async throws -> User {
        let email = try Validation.email(email, field: "email")
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let now = Date().storageMicros
        let row = try await db.raw("""
            INSERT INTO users (account_id, email, name, role, password_hash, is_active, created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: email), \(bind: name), \(bind: role.rawValue), \(bind: passwordHash),
                    \(bind: true), \(bind: now), \(bind: now))
            RETURNING \(Self.columns)
            """).first()
        guard let row else { throw SwitchboardError(.internalError, "user was not created") }
        return try Self.decode(row)
    }

    /// The user of this account, or `nil`.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> User? {
        try await db.raw("""
            SELECT \(Self.columns) FROM users WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The user with this email (any account) and their password hash, or `nil`. Inactive users are returned
    /// too: the caller decides (and should answer like a wrong password).
    public func getForLogin(
        email: String, on db: any SQLDatabase
    ) async throws -> (user: User, passwordHash: String?)? {
        let email = ContactIdentity.normalize(email, kind: .email)
        guard let row = try await db.raw("""
            SELECT \(Self.columns), password_hash FROM users WHERE email = \(bind: email)
            """).first()
        else { return nil }
        return (try Self.decode(row), try row.optional("password_hash", as: String.self))
    }

    /// The account's users, by name.
    public func list(accountID: Int64, on db: any SQLDatabase) async throws -> [User] {
        try await db.raw("""
            SELECT \(Self.columns) FROM users WHERE account_id = \(bind: accountID) ORDER BY name, id
            """).all().map(Self.decode)
    }

    /// Changes the given fields (`nil` leaves a field as it is); `.notFound` when the user is not in the account.
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, role: UserRole? = nil, isActive: Bool? = nil,
        passwordHash: String? = nil, on db: any SQLDatabase
    ) async throws -> User {
        let builder = db.update("users").set("updated_at", to: Date().storageMicros)
        if let name {
            builder.set("name", to: try Validation.text(name, field: "name", maxLength: Validation.maxNameLength))
        }
        if let role { builder.set("role", to: role.rawValue) }
        if let isActive { builder.set("is_active", to: isActive) }
        if let passwordHash { builder.set("password_hash", to: passwordHash) }
        let row = try await builder
            .where("account_id", .equal, accountID)
            .where("id", .equal, id)
            .returning(SQLRaw("id"))
            .first()
        guard row != nil, let user = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("user")
        }
        return user
    }

    static func decode(_ row: any SQLRow) throws -> User {
        User(
            id: try row.value("id"), accountID: try row.value("account_id"), email: try row.value("email"),
            name: try row.value("name"), role: try row.enumValue("role"), isActive: try row.bool("is_active"),
            createdAt: try row.date("created_at"))
    }
}
