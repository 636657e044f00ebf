import SQLKit

/// Macros: canned responses with placeholders and field changes, shared (everyone, one team) or personal.
struct M0007_CreateMacros: Migration {
    let name = "M0007_CreateMacros"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "macros")
            .identityColumn()
            .accountColumn()
            .column("name", type: .text, .notNull)
            // Lower-cased name: unique per scope, so "Refund" and "refund" cannot both exist.
            .column("name_key", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("visibility", type: .text, .notNull)
            // `shared` for everyone/team macros, `user:<id>` for personal ones: names are unique per scope.
            .column("scope", type: .text, .notNull)
            .column("team_id", type: .bigint, .references("teams", "id", onDelete: .cascade))
            .column("owner_id", type: .bigint, .references("users", "id", onDelete: .setNull))
            .column("actions", type: .text, .notNull, .default("{}"))  // JSON object of MacroActions
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("uq_macros_name", on: "macros", "account_id", "scope", "name_key", unique: true)
        try await db.createIndex("ix_macros_owner", on: "macros", "account_id", "owner_id")
    }
}
