import Foundation
import NIOCore
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// The bulk loader's fast inserters (SQLite: `SQLiteData` binds; PostgreSQL: `COPY` text format) store every value
/// exactly as given, including the characters COPY must escape, empty text, NULL and large integers.
@Suite("Bench bulk inserters")
struct BenchBulkInsertTests {
    struct Row: Sendable, Equatable {
        var id: Int64
        var text: String?
        var count: Int?
    }

    static let rows: [Row] = [
        Row(id: 1, text: "plain", count: 3),
        Row(id: 2, text: "back\\slash \\N tab\there\nnew line\r\ncarriage\r", count: nil),
        Row(id: 3, text: "", count: 0),
        Row(id: 4, text: nil, count: -7),
        Row(id: 5, text: "quotes ' \" and ünïcödé 👍🏽 \u{E000}", count: Int.max),
        Row(id: Int64.max, text: "\\.", count: Int.min),
    ]

    @Test("rows go in and come back unchanged", arguments: TestDatabase.all)
    func roundTrip(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE bulk_probe (id BIGINT PRIMARY KEY, text TEXT, count BIGINT)").run()
            }
            // More rows than one statement (SQLite) or one buffer (PostgreSQL) holds, to cross the boundaries.
            let many = (0..<3).flatMap { round in
                Self.rows.map { row in
                    let id = row.id == Int64.max ? Int64.max - Int64(round) : row.id + Int64(round * 10)
                    return Row(id: id, text: row.text, count: row.count)
                }
            }
            switch database.kind {
            case .sqlite:
                try await database.writeSQLiteConnection { connection in
                    try await SQLiteMultiRowInsert(maxBinds: 6).run(
                        table: "bulk_probe", columns: ["id", "text", "count"], rows: many, on: connection
                    ) { [.bulk($0.id), .bulk($0.text), .bulk($0.count)] }
                }
            case .postgres:
                let logger = database.logger
                try await database.writePostgresConnection { connection in
                    try await PostgresCopyInsert(chunkBytes: 16).run(
                        table: "bulk_probe", columns: ["id", "text", "count"], rows: many, on: connection,
                        logger: logger
                    ) { [.of($0.id), .of($0.text), .of($0.count)] }
                }
            }
            let stored = try await database.read { db in
                try await db.raw("SELECT id, text, count FROM bulk_probe ORDER BY id").all().map { row in
                    Row(id: try row.decode(column: "id", as: Int64.self),
                        text: try row.decode(column: "text", as: String?.self),
                        count: try row.decode(column: "count", as: Int?.self))
                }
            }
            #expect(stored == many.sorted { $0.id < $1.id })
        }
    }

    @Test("COPY text format escapes exactly backslash, tab, newline and carriage return")
    func copyEscaping() {
        var buffer = ByteBuffer()
        PostgresCopyInsert.write(.text("a\\b\tc\nd\re \"f\" 👍"), into: &buffer)
        buffer.writeString("|")
        PostgresCopyInsert.write(.null, into: &buffer)
        buffer.writeString("|")
        PostgresCopyInsert.write(.integer(-42), into: &buffer)
        #expect(buffer.readString(length: buffer.readableBytes) == "a\\\\b\\tc\\nd\\re \"f\" 👍|\\N|-42")
    }
}
