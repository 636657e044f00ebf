import SQLKit

/// Saved custom views: named ticket filters, shared with the account or owned by one user.
struct M0008_CreateViews: Migration {
    let name = "M0008_CreateViews"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "saved_views")
            .identityColumn()
            .accountColumn()
            .column("name", type: .text, .notNull)
            .column("name_key", type: .text, .notNull)
            // NULL owner: shared with the account. `scope` is `shared` or `user:<id>`, for unique names per scope.
            .column("owner_id", type: .bigint, .references("users", "id", onDelete: .cascade))
            .column("scope", type: .text, .notNull)
            .column("filters", type: .text, .notNull, .default("{}"))  // JSON object of SavedViewFilters
            .column("sort", type: .text, .notNull)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex(
            "uq_saved_views_name", on: "saved_views", "account_id", "scope", "name_key", unique: true)
        try await db.createIndex("ix_saved_views_owner", on: "saved_views", "account_id", "owner_id")
    }
}
