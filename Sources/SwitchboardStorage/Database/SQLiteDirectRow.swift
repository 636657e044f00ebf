import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// One row from ``SQLiteDirectConnection``, readable through SQLKit. When two columns share a name the first wins.
struct SQLiteDirectRow: SQLRow {
    /// The column names of a statement's result, shared by all its rows.
    final class Columns: Sendable {
        let names: [String]

        init(statement: OpaquePointer) {
            names = (0..<sqlite_nio_sqlite3_column_count(statement)).map { column in
                sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? ""
            }
        }

        var count: Int { names.count }
    }

    let columns: Columns
    /// The row's values, in column order.
    let values: [SQLiteData]

    /// The value of the first column named `name`, or `nil` when there is none.
    func value(_ name: String) -> SQLiteData? {
        columns.names.firstIndex(of: name).map { values[$0] }
    }

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.names.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        (value(column) ?? .null) == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = value(column) else {
            throw DecodingError.keyNotFound(
                SQLiteDirectColumnKey(column),
                .init(codingPath: [], debugDescription: "no column named \(column) in the row"))
        }
        return try SQLiteDataDecoder().decode(D.self, from: data)
    }
}

/// A column name as a `CodingKey`, for the error of a missing column.
private struct SQLiteDirectColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
