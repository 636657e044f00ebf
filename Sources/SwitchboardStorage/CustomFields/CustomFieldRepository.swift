import Foundation
import SQLKit
import SwitchboardCore

/// The fields a new or changed custom field definition gets; `nil` leaves a field as it is on update.
public struct CustomFieldChanges: Sendable, Equatable {
    public var label: String?
    public var options: [String]?
    public var requiredOnSolve: Bool?
    public var position: Int?
    public var isActive: Bool?

    public init(
        label: String? = nil, options: [String]? = nil, requiredOnSolve: Bool? = nil, position: Int? = nil,
        isActive: Bool? = nil
    ) {
        self.label = label
        self.options = options
        self.requiredOnSolve = requiredOnSolve
        self.position = position
        self.isActive = isActive
    }
}

/// An account's custom field definitions. The key and the type are fixed at creation (values already stored on
/// tickets depend on them); label, options, required-on-solve, position and activity can change.
public struct CustomFieldRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        id, account_id, key, label, type, options, required_on_solve, position, is_active, created_at, updated_at
        """

    /// Creates a definition. `.invalidInput` names the field (`key`, `label`, `options`, `position`);
    /// `.conflict` (field `key`) when the key is taken in the account or the account has the most definitions.
    public func create(
        accountID: Int64, key: String, label: String, type: CustomFieldType, options: [String] = [],
        requiredOnSolve: Bool = false, position: Int? = nil, on db: any SQLDatabase
    ) async throws -> CustomFieldDefinition {
        let key = try CustomFieldRules.key(key)
        let label = try Validation.text(label, field: "label", maxLength: Validation.maxNameLength)
        let options = try CustomFieldRules.options(options, type: type)
        if let position { try Self.checkPosition(position) }
        let existing = try await list(accountID: accountID, on: db)
        if existing.contains(where: { $0.key == key }) {
            throw SwitchboardError(.conflict, "a custom field with this key already exists", field: "key")
        }
        guard existing.count < CustomFieldRules.maxDefinitions else {
            throw SwitchboardError(
                .conflict, "an account has at most \(CustomFieldRules.maxDefinitions) custom fields", field: "key")
        }
        let now = Date().storageMicros
        let position = position ?? ((existing.map(\.position).max() ?? 0) + 1)
        guard let row = try await db.raw("""
            INSERT INTO custom_fields (account_id, key, label, type, options, required_on_solve, position, is_active,
                                       created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: key), \(bind: label), \(bind: type.rawValue),
                    \(bind: try JSONText.encode(options)), \(bind: requiredOnSolve), \(bind: position), \(bind: true),
                    \(bind: now), \(bind: now))
            RETURNING \(Self.columns)
            """).first()
        else { throw SwitchboardError(.internalError, "custom field was not created") }
        return try Self.decode(row)
    }

    /// The definition, or `nil` when it is not in the account.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> CustomFieldDefinition? {
        try await db.raw("""
            SELECT \(Self.columns) FROM custom_fields WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The account's definitions by position, then id; `activeOnly` leaves out deactivated ones.
    public func list(
        accountID: Int64, activeOnly: Bool = false, on db: any SQLDatabase
    ) async throws -> [CustomFieldDefinition] {
        var sql: SQLQueryString = "SELECT \(Self.columns) FROM custom_fields WHERE account_id = \(bind: accountID)"
        if activeOnly { sql += " AND is_active = \(bind: true)" }
        sql += " ORDER BY position, id"
        return try await db.raw(sql).all().map(Self.decode)
    }

    /// Changes the given fields; `.notFound` when the definition is not in the account, `.invalidInput` naming
    /// the bad field. Options of a non-dropdown field are refused.
    public func update(
        accountID: Int64, id: Int64, _ changes: CustomFieldChanges, on db: any SQLDatabase
    ) async throws -> CustomFieldDefinition {
        guard let current = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("custom field")
        }
        let builder = db.update("custom_fields").set("updated_at", to: Date().storageMicros)
        if let label = changes.label {
            builder.set("label", to: try Validation.text(label, field: "label", maxLength: Validation.maxNameLength))
        }
        if let options = changes.options {
            builder.set("options", to: try JSONText.encode(try CustomFieldRules.options(options, type: current.type)))
        }
        if let required = changes.requiredOnSolve { builder.set("required_on_solve", to: required) }
        if let position = changes.position {
            try Self.checkPosition(position)
            builder.set("position", to: position)
        }
        if let active = changes.isActive { builder.set("is_active", to: active) }
        try await builder.where("account_id", .equal, accountID).where("id", .equal, id).run()
        guard let updated = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("custom field")
        }
        return updated
    }

    /// Deletes the definition (values already on tickets stay; they are no longer accepted in changes).
    /// `.notFound` when it is not in the account.
    public func delete(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws {
        let row = try await db.raw("""
            DELETE FROM custom_fields WHERE account_id = \(bind: accountID) AND id = \(bind: id) RETURNING id
            """).first()
        if row == nil { throw SwitchboardError.notFound("custom field") }
    }

    static func checkPosition(_ position: Int) throws {
        guard (0...100_000).contains(position) else {
            throw SwitchboardError.invalid("position", "must be between 0 and 100000")
        }
    }

    static func decode(_ row: any SQLRow) throws -> CustomFieldDefinition {
        CustomFieldDefinition(
            id: try row.value("id"), accountID: try row.value("account_id"), key: try row.value("key"),
            label: try row.value("label"), type: try row.enumValue("type"),
            options: try JSONText.decode([String].self, from: try row.value("options")),
            requiredOnSolve: try row.bool("required_on_solve"), position: try row.int("position"),
            isActive: try row.bool("is_active"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
