import SQLKit

/// Lets ticket creates of one account run side by side on PostgreSQL (issue 5: ≥ 2,000 creates/s at concurrency 64),
/// where every create used to wait for the previous one's commit on two hot rows.
///
/// - PostgreSQL: a sequence per account for its ticket numbers (``TicketNumbers``), starting at the account's
///   `next_ticket_number`.
/// - Both databases: `ticket_counters` gets a `shard` column in its key (``TicketCounterRepository``); the existing
///   counts move to shard 0. The table is rebuilt, as SQLite cannot change a primary key in place.
struct M0012_ConcurrentTicketCreates: Migration {
    let name = "M0012_ConcurrentTicketCreates"

    func prepare(on db: any SQLDatabase) async throws {
        if db.isPostgres {
            let accounts = try await db.raw("SELECT id, next_ticket_number FROM accounts ORDER BY id").all()
            for account in accounts {
                try await TicketNumbers.create(
                    accountID: try account.decode(column: "id", as: Int64.self),
                    next: try account.decode(column: "next_ticket_number", as: Int64.self), on: db)
            }
        }
        try await db.create(table: "ticket_counters_sharded")
            .accountColumn()
            .column("dimension", type: .text, .notNull)
            .column("key", type: .text, .notNull)
            .column("shard", type: .int, .notNull)
            .column("count", type: .bigint, .notNull)
            .primaryKey("account_id", "dimension", "key", "shard")
            .run()
        try await db.raw("""
            INSERT INTO ticket_counters_sharded (account_id, dimension, key, shard, count)
            SELECT account_id, dimension, key, 0, count FROM ticket_counters
            """).run()
        try await db.raw("DROP TABLE ticket_counters").run()
        try await db.raw("ALTER TABLE ticket_counters_sharded RENAME TO ticket_counters").run()
        if db.isPostgres {
            // The key keeps the name the table's key always had.
            try await db.raw("ALTER INDEX ticket_counters_sharded_pkey RENAME TO ticket_counters_pkey").run()
        }
    }
}
