import Foundation
import Logging
import SQLKit
import SwitchboardCore

extension Database {
    /// Applies pending migrations (returns the names applied), or with `dryRun` only returns the pending ones.
    ///
    /// Everything runs in one transaction (on PostgreSQL under `pg_advisory_xact_lock`, so parallel instances and
    /// tests do not race). Refuses with `.conflict` when the applied history in the database is not a prefix of
    /// the code's list (a migration unknown to this version, or applied out of order).
    public func migrate(dryRun: Bool = false, logger: Logger) async throws -> [String] {
        try await migrate(Migrations.all, dryRun: dryRun, logger: logger)
    }

    /// The names of all migrations this version knows, in order.
    public static var migrationNames: [String] { Migrations.all.map(\.name) }

    func migrate(_ migrations: [any Migration], dryRun: Bool, logger: Logger) async throws -> [String] {
        try await write { db in
            if db.isPostgres {
                // Any constant works; it only has to be the same for every instance.
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Int64(0x5377_6974_6368)))").run()
            }
            try await db.create(table: "schema_migrations")
                .ifNotExists()
                .column("name", type: .text, .primaryKey(autoIncrement: false))
                .column("position", type: .int, .notNull)
                .column("applied_at", type: .bigint, .notNull)
                .run()
            let applied = try await db.raw("SELECT name FROM schema_migrations ORDER BY position, name")
                .all(decodingColumn: "name", as: String.self)
            let known = migrations.map(\.name)
            guard applied.count <= known.count, Array(known.prefix(applied.count)) == applied else {
                let unknown = applied.enumerated().first { index, name in index >= known.count || known[index] != name }
                logger.error("database migration history does not match this version", metadata: [
                    "switchboard.migration": "\(unknown?.element ?? "")"
                ])
                throw SwitchboardError(
                    .conflict,
                    "the database was migrated by a different version (unexpected migration "
                        + "'\(unknown?.element ?? "")'); refusing to continue")
            }
            let pending = Array(migrations.dropFirst(applied.count))
            if dryRun { return pending.map(\.name) }
            for (offset, migration) in pending.enumerated() {
                logger.info("applying migration", metadata: ["switchboard.migration": "\(migration.name)"])
                try await migration.prepare(on: db)
                try await db.insert(into: "schema_migrations")
                    .columns("name", "position", "applied_at")
                    .values(SQLBind(migration.name), SQLBind(applied.count + offset + 1),
                            SQLBind(Date().storageMicros))
                    .run()
            }
            return pending.map(\.name)
        }
    }
}
