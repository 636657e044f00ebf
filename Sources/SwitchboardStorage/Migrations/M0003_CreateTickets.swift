import SQLKit

/// Tickets (with their tag join table), messages, attachment metadata, events and the maintained counters.
struct M0003_CreateTickets: Migration {
    let name = "M0003_CreateTickets"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "tickets")
            .identityColumn()
            .accountColumn()
            .column("number", type: .bigint, .notNull)
            .column("subject", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("priority", type: .int, .notNull)  // TicketPriority.rank, so it sorts
            .column("type", type: .text)
            .column("channel", type: .text, .notNull)
            .column("inbox_id", type: .bigint, .references("inboxes", "id"))
            .column("requester_id", type: .bigint, .notNull, .references("contacts", "id"))
            .column("organization_id", type: .bigint, .references("organizations", "id", onDelete: .setNull))
            .column("assignee_id", type: .bigint, .references("users", "id"))
            .column("team_id", type: .bigint, .references("teams", "id", onDelete: .setNull))
            .column("tags", type: .text, .notNull, .default("[]"))  // JSON array, the list's copy of ticket_tags
            .column("custom_fields", type: .text, .notNull, .default("{}"))  // JSON object
            .column("merged_into_id", type: .bigint)
            .column("follow_up_of_id", type: .bigint)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .optionalTimestampColumn("first_response_at")
            .optionalTimestampColumn("solved_at")
            .optionalTimestampColumn("waiting_since")
            .column("reopen_count", type: .int, .notNull, .default(0))
            .column("last_message_preview", type: .text, .notNull, .default(""))
            .column("message_count", type: .int, .notNull, .default(0))
            .run()
        try await db.createIndex("uq_tickets_number", on: "tickets", "account_id", "number", unique: true)
        // One index per list sort (keyset: sort value, id), plus the common inbox filters.
        try await db.createIndex("ix_tickets_created", on: "tickets", "account_id", "created_at", "id")
        try await db.createIndex("ix_tickets_updated", on: "tickets", "account_id", "updated_at", "id")
        try await db.createIndex("ix_tickets_priority", on: "tickets", "account_id", "priority", "id")
        try await db.createIndex(
            "ix_tickets_status_updated", on: "tickets", "account_id", "status", "updated_at", "id")
        try await db.createIndex(
            "ix_tickets_assignee_updated", on: "tickets", "account_id", "assignee_id", "updated_at", "id")
        try await db.createIndex("ix_tickets_team_updated", on: "tickets", "account_id", "team_id", "updated_at", "id")
        try await db.createIndex(
            "ix_tickets_requester_created", on: "tickets", "account_id", "requester_id", "created_at", "id")
        try await db.createIndex(
            "ix_tickets_organization", on: "tickets", "account_id", "organization_id", "created_at", "id")

        try await db.create(table: "ticket_tags")
            .accountColumn()
            .column("ticket_id", type: .bigint, .notNull, .references("tickets", "id", onDelete: .cascade))
            .column("tag", type: .text, .notNull)
            .primaryKey("ticket_id", "tag")
            .run()
        try await db.createIndex("ix_ticket_tags_tag", on: "ticket_tags", "account_id", "tag", "ticket_id")

        try await db.create(table: "messages")
            .identityColumn()
            .accountColumn()
            .column("ticket_id", type: .bigint, .notNull, .references("tickets", "id"))
            .column("kind", type: .text, .notNull)
            .column("channel", type: .text, .notNull)
            .column("author_kind", type: .text, .notNull)
            .column("author_id", type: .bigint)
            .column("text", type: .text, .notNull)
            .column("html", type: .text)
            .column("external_id", type: .text)
            .column("delivery_status", type: .text, .notNull)
            .column("delivery_error", type: .text)
            .timestampColumn("created_at")
            .run()
        try await db.createIndex("ix_messages_ticket", on: "messages", "account_id", "ticket_id", "created_at", "id")
        try await db.createIndex("uq_messages_external_id", on: "messages", "account_id", "external_id", unique: true)

        try await db.create(table: "attachments")
            .identityColumn()
            .accountColumn()
            .column("message_id", type: .bigint, .notNull, .references("messages", "id", onDelete: .cascade))
            .column("filename", type: .text, .notNull)
            .column("content_type", type: .text, .notNull)
            .column("content_id", type: .text)
            .column("size", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull)
            .boolColumn("is_inline", default: false)
            .timestampColumn("created_at")
            .run()
        try await db.createIndex("ix_attachments_message", on: "attachments", "account_id", "message_id")
        try await db.createIndex("ix_attachments_sha256", on: "attachments", "sha256")

        try await db.create(table: "events")
            .identityColumn()
            .accountColumn()
            .column("type", type: .text, .notNull)
            .column("ticket_id", type: .bigint)
            .column("actor_kind", type: .text, .notNull)
            .column("actor_id", type: .bigint)
            .column("payload", type: .text, .notNull)  // JSON
            .timestampColumn("created_at")
            .run()
        try await db.createIndex("ix_events_account", on: "events", "account_id", "id")
        try await db.createIndex("ix_events_ticket", on: "events", "account_id", "ticket_id", "id")

        // Maintained counts: dimension `status` (key = status), `unassigned` (key ""), `assignee` and `team`
        // (key = id) — the last three count unsolved tickets only.
        try await db.create(table: "ticket_counters")
            .accountColumn()
            .column("dimension", type: .text, .notNull)
            .column("key", type: .text, .notNull)
            .column("count", type: .bigint, .notNull)
            .primaryKey("account_id", "dimension", "key")
            .run()
    }
}
