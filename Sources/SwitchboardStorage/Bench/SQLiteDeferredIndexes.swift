import SQLKit

/// The non-unique secondary indexes of the tables a bulk load fills, dropped before a load into a database without
/// tickets and created again after it.
///
/// SQLite creates an index from one sorted pass over a finished table, much faster than it keeps the index up to
/// date row by row through a load. The indexes come back exactly as they were: their `CREATE INDEX` statements are
/// read from `sqlite_master` and run unchanged. Unique indexes stay in place, so every constraint is still checked as
/// the rows go in. While they are gone, reads that would use them scan instead: nothing else should run meanwhile.
struct SQLiteDeferredIndexes: Sendable {
    /// The tables whose indexes are deferred.
    static let tables = ["tickets", "ticket_tags", "messages", "events"]

    /// The dropped indexes: name and the statement that created each.
    let definitions: [(name: String, sql: String)]

    /// Drops the deferred indexes when the database holds no ticket yet, and returns them to ``create(on:)`` after
    /// the load; `nil` (and nothing dropped) when it holds tickets: rebuilding indexes over existing rows could cost
    /// more than the load saves.
    static func dropIfEmpty(on db: any SQLDatabase) async throws -> SQLiteDeferredIndexes? {
        let hasTickets = try await db.raw("SELECT EXISTS (SELECT 1 FROM tickets) AS found")
            .first(decodingColumn: "found", as: Bool.self) ?? true
        if hasTickets { return nil }
        let rows = try await db.raw("""
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name IN (\(binds: tables)) AND sql IS NOT NULL
              AND sql NOT LIKE 'CREATE UNIQUE %'
            ORDER BY name
            """).all()
        let definitions = try rows.map { (name: try $0.decode(column: "name", as: String.self),
                                           sql: try $0.decode(column: "sql", as: String.self)) }
        for index in definitions { try await db.raw("DROP INDEX \(ident: index.name)").run() }
        return SQLiteDeferredIndexes(definitions: definitions)
    }

    /// Creates the dropped indexes again.
    func create(on db: any SQLDatabase) async throws {
        for index in definitions { try await db.raw("\(unsafeRaw: index.sql)").run() }
    }
}
