import SQLKit

/// Per-inbox IMAP polling: the server settings (password sealed by the server, never in clear text) and the
/// cursor (UIDVALIDITY and last processed UID) that makes polling resume exactly where it stopped.
struct M0006_CreateIMAPMailboxes: Migration {
    let name = "M0006_CreateIMAPMailboxes"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "imap_mailboxes")
            .accountColumn()
            .column("inbox_id", type: .bigint, .notNull, .references("inboxes", "id"))
            .column("host", type: .text, .notNull)
            .column("port", type: .int, .notNull)
            .column("security", type: .text, .notNull)
            .column("auth_method", type: .text, .notNull)
            .column("username", type: .text, .notNull)
            .column("password_sealed", type: .text, .notNull)
            .column("folder", type: .text, .notNull)
            .column("processed_folder", type: .text)
            .boolColumn("enabled", default: true)
            .column("uid_validity", type: .bigint)
            .column("last_uid", type: .bigint, .notNull, .default(0))
            .optionalTimestampColumn("last_poll_at")
            .column("last_error", type: .text)
            .optionalTimestampColumn("last_error_at")
            .column("rejected_count", type: .bigint, .notNull, .default(0))
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .primaryKey("account_id", "inbox_id")
            .run()
        try await db.createIndex("ix_imap_mailboxes_inbox", on: "imap_mailboxes", "inbox_id", unique: true)
        try await db.createIndex("ix_imap_mailboxes_enabled", on: "imap_mailboxes", "enabled", "account_id")
    }
}
