import SQLKit

/// Durable jobs and stored responses for idempotency keys.
struct M0005_CreateJobs: Migration {
    let name = "M0005_CreateJobs"

    func prepare(on db: any SQLDatabase) async throws {
        // Jobs may be installation-wide (account_id NULL), so they are keyed by state and time, not account.
        try await db.create(table: "jobs")
            .identityColumn()
            .column("account_id", type: .bigint, .references("accounts", "id"))
            .column("kind", type: .text, .notNull)
            .column("payload", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("attempts", type: .int, .notNull, .default(0))
            .column("max_attempts", type: .int, .notNull)
            .timestampColumn("run_at")
            .column("locked_by", type: .text)
            .optionalTimestampColumn("locked_until")
            .column("last_error", type: .text)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("ix_jobs_due", on: "jobs", "state", "run_at", "id")
        try await db.createIndex("ix_jobs_lease", on: "jobs", "state", "locked_until")
        try await db.createIndex("ix_jobs_account", on: "jobs", "account_id", "id")

        try await db.create(table: "idempotency_keys")
            .accountColumn()
            .column("key", type: .text, .notNull)
            .column("fingerprint", type: .text, .notNull)
            .column("status", type: .int, .notNull)
            .column("body", type: .text, .notNull)  // base64 of the response bytes
            .timestampColumn("created_at")
            .primaryKey("account_id", "key")
            .run()
        try await db.createIndex("ix_idempotency_created", on: "idempotency_keys", "created_at")
    }
}
