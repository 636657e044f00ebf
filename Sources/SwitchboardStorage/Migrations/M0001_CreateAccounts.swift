import SQLKit

/// Accounts (with the per-account ticket number counter), users, teams, API tokens, sessions, login attempts.
struct M0001_CreateAccounts: Migration {
    let name = "M0001_CreateAccounts"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "accounts")
            .identityColumn()
            .column("name", type: .text, .notNull)
            .column("next_ticket_number", type: .bigint, .notNull, .default(1))
            .timestampColumn("created_at")
            .run()

        try await db.create(table: "users")
            .identityColumn()
            .accountColumn()
            .column("email", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("password_hash", type: .text)
            .boolColumn("is_active", default: true)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("uq_users_email", on: "users", "email", unique: true)
        try await db.createIndex("ix_users_account", on: "users", "account_id", "id")

        try await db.create(table: "teams")
            .identityColumn()
            .accountColumn()
            .column("name", type: .text, .notNull)
            .timestampColumn("created_at")
            .run()
        try await db.createIndex("uq_teams_name", on: "teams", "account_id", "name", unique: true)

        try await db.create(table: "team_members")
            .accountColumn()
            .column("team_id", type: .bigint, .notNull, .references("teams", "id", onDelete: .cascade))
            .column("user_id", type: .bigint, .notNull, .references("users", "id", onDelete: .cascade))
            .primaryKey("team_id", "user_id")
            .run()
        try await db.createIndex("ix_team_members_user", on: "team_members", "account_id", "user_id")

        try await db.create(table: "api_tokens")
            .identityColumn()
            .accountColumn()
            .column("user_id", type: .bigint, .notNull, .references("users", "id", onDelete: .cascade))
            .column("name", type: .text, .notNull)
            .column("prefix", type: .text, .notNull)
            .column("token_hash", type: .text, .notNull)
            .timestampColumn("created_at")
            .optionalTimestampColumn("last_used_at")
            .optionalTimestampColumn("revoked_at")
            .run()
        try await db.createIndex("uq_api_tokens_hash", on: "api_tokens", "token_hash", unique: true)
        try await db.createIndex("ix_api_tokens_user", on: "api_tokens", "account_id", "user_id")

        try await db.create(table: "sessions")
            .identityColumn()
            .accountColumn()
            .column("user_id", type: .bigint, .notNull, .references("users", "id", onDelete: .cascade))
            .column("secret_hash", type: .text, .notNull)
            .column("csrf_token", type: .text, .notNull)
            .timestampColumn("created_at")
            .timestampColumn("expires_at")
            .run()
        try await db.createIndex("uq_sessions_hash", on: "sessions", "secret_hash", unique: true)
        try await db.createIndex("ix_sessions_expiry", on: "sessions", "expires_at")

        try await db.create(table: "login_attempts")
            .identityColumn()
            .column("key", type: .text, .notNull)
            .timestampColumn("attempted_at")
            .run()
        try await db.createIndex("ix_login_attempts_key", on: "login_attempts", "key", "attempted_at")
    }
}
