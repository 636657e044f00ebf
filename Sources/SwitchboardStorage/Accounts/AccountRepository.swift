import Foundation
import SQLKit
import SwitchboardCore

/// Accounts (tenants). Every other row belongs to exactly one account.
public struct AccountRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = "id, name, created_at"

    /// Creates an account; throws `.invalidInput` (field `name`) for an empty or too long name.
    public func create(name: String, on db: any SQLDatabase) async throws -> Account {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let now = Date().storageMicros
        let row = try await db.raw("""
            INSERT INTO accounts (name, next_ticket_number, created_at) VALUES (\(bind: name), 1, \(bind: now))
            RETURNING \(Self.columns)
            """).first()
        guard let row else { throw SwitchboardError(.internalError, "account was not created") }
        let account = try Self.decode(row)
        try await TicketNumbers.create(accountID: account.id, next: 1, on: db)
        return account
    }

    /// The account, or `nil` when there is none with this id.
    public func get(id: Int64, on db: any SQLDatabase) async throws -> Account? {
        try await db.raw("SELECT \(Self.columns) FROM accounts WHERE id = \(bind: id)").first().map(Self.decode)
    }

    /// All accounts, oldest first.
    public func list(on db: any SQLDatabase) async throws -> [Account] {
        try await db.raw("SELECT \(Self.columns) FROM accounts ORDER BY id").all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Account {
        Account(id: try row.value("id"), name: try row.value("name"), createdAt: try row.date("created_at"))
    }
}
