import SQLKit

/// Presence shared by every instance: one row per (account, ticket, user) holding the last heartbeat of an open
/// ticket page.
///
/// The rows live for seconds and are rewritten every few seconds per open page, so:
/// - On PostgreSQL the table is UNLOGGED. A heartbeat then writes no WAL and its commit does not wait for a WAL
///   flush (measured with pgbench, fsync and synchronous_commit on: 1 WAL fsync per heartbeat and ~160 beats/s
///   logged, against 40 fsyncs for 12,678 beats and ~1,600 beats/s unlogged). What UNLOGGED gives up is
///   exactly what presence does not need: after a crash the table is emptied, and standbys do not get it; open
///   pages fill it again within one heartbeat.
/// - No index on `seen_at`: every heartbeat changes it, and an index on it would turn the updates from HOT
///   (heap-only) into index writes. Reads go by the primary key prefix (account, ticket); the hourly prune scans
///   a table that only holds the pairs seen within the last hour.
/// - No foreign keys to tickets and users: the heartbeat route checks the ticket, the read joins users, and rows of
///   anything gone expire within the TTL. The account key stays, like on every table.
struct M0010_CreateTicketPresence: Migration {
    let name = "M0010_CreateTicketPresence"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "ticket_presence")
            .accountColumn()
            .column("ticket_id", type: .bigint, .notNull)
            .column("user_id", type: .bigint, .notNull)
            .boolColumn("typing", default: false)
            .timestampColumn("seen_at")
            .primaryKey("account_id", "ticket_id", "user_id")
            .run()
        if db.isPostgres {
            // SQLKit has no CREATE UNLOGGED TABLE; the table is empty, so this rewrite is instant.
            try await db.raw("ALTER TABLE ticket_presence SET UNLOGGED").run()
        }
    }
}
