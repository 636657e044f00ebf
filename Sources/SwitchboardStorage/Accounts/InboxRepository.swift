import Foundation
import SQLKit
import SwitchboardCore

/// Inboxes: the entry points customers write to.
public struct InboxRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = "id, account_id, name, channel, email_address, web_form_enabled, created_at"

    /// Creates an inbox; `.conflict` (field `email_address`) when another inbox has the address.
    public func create(
        accountID: Int64, name: String, channel: Channel, emailAddress: String? = nil, webFormEnabled: Bool = false,
        on db: any SQLDatabase
    ) async throws -> Inbox {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let address = try emailAddress.map { try Validation.email($0, field: "email_address") }
        let now = Date().storageMicros
        guard let row = try await db.raw("""
            INSERT INTO inboxes (account_id, name, channel, email_address, web_form_enabled, created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: name), \(bind: channel.rawValue), \(bind: address),
                    \(bind: webFormEnabled), \(bind: now), \(bind: now))
            RETURNING \(Self.columns)
            """).first()
        else { throw SwitchboardError(.internalError, "inbox was not created") }
        return try Self.decode(row)
    }

    /// The inbox of this account, or `nil`.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Inbox? {
        try await db.raw("""
            SELECT \(Self.columns) FROM inboxes WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The inbox with this id in any account (for public routes such as the web form), or `nil`.
    public func get(id: Int64, on db: any SQLDatabase) async throws -> Inbox? {
        try await db.raw("SELECT \(Self.columns) FROM inboxes WHERE id = \(bind: id)").first().map(Self.decode)
    }

    /// The inbox that receives mail for `address` (any account), or `nil`. For routing inbound mail.
    public func get(emailAddress address: String, on db: any SQLDatabase) async throws -> Inbox? {
        let address = ContactIdentity.normalize(address, kind: .email)
        return try await db.raw("SELECT \(Self.columns) FROM inboxes WHERE email_address = \(bind: address)")
            .first().map(Self.decode)
    }

    /// The account's inboxes by name.
    public func list(accountID: Int64, on db: any SQLDatabase) async throws -> [Inbox] {
        try await db.raw("""
            SELECT \(Self.columns) FROM inboxes WHERE account_id = \(bind: accountID) ORDER BY name, id
            """).all().map(Self.decode)
    }

    /// Changes the given fields (`nil` leaves them; `emailAddress: .some(nil)` removes the address).
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, emailAddress: String?? = nil, webFormEnabled: Bool? = nil,
        on db: any SQLDatabase
    ) async throws -> Inbox {
        let builder = db.update("inboxes").set("updated_at", to: Date().storageMicros)
        if let name {
            builder.set("name", to: try Validation.text(name, field: "name", maxLength: Validation.maxNameLength))
        }
        if let emailAddress {
            builder.set("email_address", to: try emailAddress.map { try Validation.email($0, field: "email_address") })
        }
        if let webFormEnabled { builder.set("web_form_enabled", to: webFormEnabled) }
        guard let row = try await builder.where("account_id", .equal, accountID).where("id", .equal, id)
            .returning(SQLRaw("id, account_id, name, channel, email_address, web_form_enabled, created_at")).first()
        else { throw SwitchboardError.notFound("inbox") }
        return try Self.decode(row)
    }

    static func decode(_ row: any SQLRow) throws -> Inbox {
        Inbox(
            id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
            channel: try row.enumValue("channel"), emailAddress: try row.optional("email_address"),
            webFormEnabled: try row.bool("web_form_enabled"), createdAt: try row.date("created_at"))
    }
}
