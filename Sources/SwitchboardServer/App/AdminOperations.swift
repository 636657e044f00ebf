import Foundation
import Logging
import SwitchboardCore
import SwitchboardStorage

/// The administrative actions of the command line (`switchboard migrate`, `admin create`, `account create`,
/// `token create`), run directly against the database named by the settings. Each applies pending migrations
/// first, so they work on a fresh database.
public enum AdminOperations {
    /// What `admin create` did.
    public struct CreatedAdmin: Sendable {
        public var user: User
        public var account: Account
        /// `true` when the database had no account and this call created the first one.
        public var createdAccount: Bool
    }

    /// Applies pending migrations, or with `dryRun` lists them without applying. Returns their names.
    public static func migrate(settings: ServerSettings, dryRun: Bool, logger: Logger) async throws -> [String] {
        try await withDatabase(settings, logger: logger, migrating: false) { database in
            try await database.migrate(dryRun: dryRun, logger: logger)
        }
    }

    /// Creates an owner or admin.
    ///
    /// With no account in the database, creates the first account (named `accountName`, default `Switchboard`)
    /// and makes the user its owner. Otherwise the user joins `accountID` — which may be omitted when there is
    /// exactly one account — as `role` (default: owner if the account has no users yet, else admin).
    public static func createAdmin(
        settings: ServerSettings, email: String, name: String, password: String, role: UserRole? = nil,
        accountID: Int64? = nil, accountName: String? = nil, logger: Logger
    ) async throws -> CreatedAdmin {
        let email = try Validation.email(email, field: "email")
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        try PasswordHasher.validate(password)
        if let role, role < .admin { throw SwitchboardError.invalid("role", "must be owner or admin") }
        let hash = try await PasswordHasher(cost: settings.bcryptCost).hash(password)
        return try await withDatabase(settings, logger: logger) { database in
            try await database.write { db in
                let accounts = AccountRepository()
                let users = UserRepository()
                let existing = try await accounts.list(on: db)
                var account: Account
                var createdAccount = false
                if existing.isEmpty {
                    let accountName = try Validation.text(
                        accountName ?? "Switchboard", field: "account_name", maxLength: Validation.maxNameLength)
                    account = try await accounts.create(name: accountName, on: db)
                    createdAccount = true
                } else if let accountID {
                    guard let found = existing.first(where: { $0.id == accountID }) else {
                        throw SwitchboardError.invalid("account", "there is no account \(accountID)")
                    }
                    account = found
                } else if existing.count == 1 {
                    account = existing[0]
                } else {
                    throw SwitchboardError.invalid(
                        "account", "there are \(existing.count) accounts; choose one with --account ID")
                }
                let hasUsers = try await !users.list(accountID: account.id, on: db).isEmpty
                let user = try await users.create(
                    accountID: account.id, email: email, name: name, role: role ?? (hasUsers ? .admin : .owner),
                    passwordHash: hash, on: db)
                return CreatedAdmin(user: user, account: account, createdAccount: createdAccount)
            }
        }
    }

    /// Creates another account (tenant) with its owner. `ownerPassword` `nil` creates an owner who cannot sign
    /// in with a password yet (use `token create` for API access).
    public static func createAccount(
        settings: ServerSettings, name: String, ownerEmail: String, ownerName: String?, ownerPassword: String?,
        logger: Logger
    ) async throws -> (account: Account, owner: User) {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let email = try Validation.email(ownerEmail, field: "owner_email")
        let ownerName = try Validation.text(
            ownerName ?? String(email.prefix { $0 != "@" }), field: "owner_name", maxLength: Validation.maxNameLength)
        var hash: String?
        if let ownerPassword {
            try PasswordHasher.validate(ownerPassword, field: "owner_password")
            hash = try await PasswordHasher(cost: settings.bcryptCost).hash(ownerPassword)
        }
        let passwordHash = hash
        return try await withDatabase(settings, logger: logger) { database in
            try await database.write { db in
                let account = try await AccountRepository().create(name: name, on: db)
                let owner = try await UserRepository().create(
                    accountID: account.id, email: email, name: ownerName, role: .owner, passwordHash: passwordHash,
                    on: db)
                return (account, owner)
            }
        }
    }

    /// Creates a personal API token for the user with this email; returns it with its secret (shown once).
    public static func createToken(
        settings: ServerSettings, userEmail: String, name: String, logger: Logger
    ) async throws -> (token: APIToken, secret: String, user: User) {
        let email = try Validation.email(userEmail, field: "user")
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        return try await withDatabase(settings, logger: logger) { database in
            try await database.write { db in
                guard let found = try await UserRepository().getForLogin(email: email, on: db) else {
                    throw SwitchboardError(.notFound, "no user with email \(email)", field: "user")
                }
                guard found.user.isActive else {
                    throw SwitchboardError.invalid("user", "the user \(email) is deactivated")
                }
                let created = try await APITokenRepository().create(
                    accountID: found.user.accountID, userID: found.user.id, name: name, on: db)
                return (created.token, created.secret, found.user)
            }
        }
    }

    private static func withDatabase<T: Sendable>(
        _ settings: ServerSettings, logger: Logger, migrating: Bool = true,
        _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        let location = try DatabaseLocation(url: settings.databaseURL)
        try ApplicationDirectories.prepare(settings: settings, location: location)
        return try await Database.with(location, logger: logger, maxConnections: 4) { database in
            if migrating { _ = try await database.migrate(dryRun: false, logger: logger) }
            return try await body(database)
        }
    }
}
