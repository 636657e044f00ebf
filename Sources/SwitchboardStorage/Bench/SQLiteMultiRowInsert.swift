import SQLKit
import SQLiteNIO
import SwitchboardCore
import Synchronization

/// Multi-row `INSERT … VALUES (…), (…)` on SQLite that binds `SQLiteData` straight to the connection.
///
/// The SQL text of each statement shape is rendered once by SQLKit (identifiers quoted by the dialect, `?N`
/// placeholders); the values skip SQLKit's per-value serialisation and `Encodable` encoding, which took about a third
/// of the bulk loader's writing time. The values are the ones SQLKit would bind: integers as `.integer`, text as
/// `.text`, `nil` as `.null`.
struct SQLiteMultiRowInsert {
    /// Bound values per statement (SQLite allows 32,766).
    var maxBinds = 30_000

    /// Inserts `rows` into `table`; `values` gives one value per column for a row.
    func run<Row>(
        table: String, columns: [String], rows: [Row], on connection: SQLiteDirectConnection,
        values: (Row) -> [SQLiteData]
    ) async throws {
        let perStatement = max(1, maxBinds / columns.count)
        let sqlDatabase = connection.sql()
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let count = end - start
            let key = "\(table)(\(columns.joined(separator: ",")))x\(count)"
            let sql: String
            if let known = Self.rendered.withLock({ $0[key] }) {
                sql = known
            } else {
                sql = Self.render(table: table, columns: columns, rows: count, on: sqlDatabase)
                Self.rendered.withLock { cache in
                    if cache.count > 64 { cache.removeAll() }
                    cache[key] = sql
                }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(count * columns.count)
            for index in start..<end { binds.append(contentsOf: values(rows[index])) }
            guard binds.count == count * columns.count else {
                throw SwitchboardError(.internalError, "a bulk row of \(table) has the wrong number of values")
            }
            try connection.run(sql, binds)
            start = end
        }
    }

    /// Rendered statements by table, columns and row count (a load repeats the same few shapes batch after batch).
    private static let rendered = Mutex<[String: String]>([:])

    /// The statement text for `rows` rows, with placeholders numbered in row-major order.
    static func render(table: String, columns: [String], rows: Int, on db: any SQLDatabase) -> String {
        let placeholders = [Int](repeating: 0, count: columns.count)
        var query: SQLQueryString = "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES "
        for index in 0..<rows {
            query += index == 0 ? "(\(binds: placeholders))" : ", (\(binds: placeholders))"
        }
        return db.serialize(query).sql
    }
}

extension SQLiteData {
    /// An optional integer as SQLKit binds it on SQLite.
    static func bulk(_ value: Int64?) -> SQLiteData {
        value.map { .integer(Int($0)) } ?? .null
    }

    /// An optional integer as SQLKit binds it on SQLite.
    static func bulk(_ value: Int?) -> SQLiteData {
        value.map { .integer($0) } ?? .null
    }

    /// An optional text as SQLKit binds it on SQLite.
    static func bulk(_ value: String?) -> SQLiteData {
        value.map { .text($0) } ?? .null
    }
}
