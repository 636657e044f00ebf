import Foundation
import SQLKit

extension SQLDatabase {
    /// Whether this connection talks to PostgreSQL (else SQLite). Dialect differences branch on this only.
    var isPostgres: Bool { dialect.name == "postgresql" }
}

extension SQLRow {
    /// Decodes a non-null column.
    func value<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(column: column, as: T.self)
    }

    /// Decodes a nullable column.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try decode(column: column, as: T?.self)
    }

    /// A BIGINT-microseconds timestamp column as a `Date`.
    func date(_ column: String) throws -> Date {
        Timestamp.date(try decode(column: column, as: Int64.self))
    }

    /// A nullable BIGINT-microseconds timestamp column.
    func optionalDate(_ column: String) throws -> Date? {
        try decode(column: column, as: Int64?.self).map(Timestamp.date)
    }

    /// A boolean column (INTEGER 0/1 on SQLite, BOOLEAN on PostgreSQL).
    func bool(_ column: String) throws -> Bool {
        try decode(column: column, as: Bool.self)
    }
}
