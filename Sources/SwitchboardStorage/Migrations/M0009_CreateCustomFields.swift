import SQLKit

/// Custom field definitions (per account, keyed by `key`), the one-time invitation links of invited users, and
/// the link from contact events to their contact.
struct M0009_CreateCustomFields: Migration {
    let name = "M0009_CreateCustomFields"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "custom_fields")
            .identityColumn()
            .accountColumn()
            .column("key", type: .text, .notNull)
            .column("label", type: .text, .notNull)
            .column("type", type: .text, .notNull)
            .column("options", type: .text, .notNull, .default("[]"))  // JSON array of strings
            .boolColumn("required_on_solve", default: false)
            .column("position", type: .int, .notNull, .default(0))
            .boolColumn("is_active", default: true)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("uq_custom_fields_key", on: "custom_fields", "account_id", "key", unique: true)

        // An invited user has no password until the link is used; only the SHA-256 of the token is stored.
        try await db.create(table: "user_invitations")
            .identityColumn()
            .accountColumn()
            .column("user_id", type: .bigint, .notNull, .references("users", "id", onDelete: .cascade))
            .column("token_hash", type: .text, .notNull)
            .column("invited_by", type: .bigint)
            .timestampColumn("expires_at")
            .optionalTimestampColumn("used_at")
            .timestampColumn("created_at")
            .run()
        try await db.createIndex("uq_user_invitations_token", on: "user_invitations", "token_hash", unique: true)
        try await db.createIndex("ix_user_invitations_user", on: "user_invitations", "account_id", "user_id")

        // Which events are about which contact (events carry a ticket id only), for the contact's history.
        try await db.create(table: "contact_events")
            .accountColumn()
            .column("contact_id", type: .bigint, .notNull)
            .column("event_id", type: .bigint, .notNull, .references("events", "id", onDelete: .cascade))
            .primaryKey("contact_id", "event_id")
            .run()
        try await db.createIndex(
            "ix_contact_events_contact", on: "contact_events", "account_id", "contact_id", "event_id")
    }
}
