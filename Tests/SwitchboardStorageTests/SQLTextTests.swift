import SQLKit
import Testing

@testable import SwitchboardStorage

@Suite("SQLText statements")
struct SQLTextTests {
    @Test("binds stay in textual order through +=, embedding and optional values; SQLite gets ? for each")
    func textAndBinds() {
        let inner: SQLText = "f(\(bind: 2), \(bind: "two"))"
        var statement: SQLText = "SELECT \(bind: 1), \(inner), \(unsafeRaw: "x")"
        statement += ", \(bind: Int64?.none), \(bind: Int64?.some(4))"
        #expect(statement.sqliteText == "SELECT ?, f(?, ?), x, ?, ?")
        #expect(statement.binds.count == 5)
        #expect(statement.binds[0] as? Int == 1)
        #expect(statement.binds[1] as? Int == 2)
        #expect(statement.binds[2] as? String == "two")
        #expect((statement.binds[3] as? Int64?) == .some(nil))
        #expect((statement.binds[4] as? Int64?) == .some(4))
        let plain: SQLText = "SELECT 1"
        #expect(plain.sqliteText == "SELECT 1" && plain.binds.isEmpty)
    }

    @Test("the same statements give the same rows on both databases, values with U+0001 included",
          arguments: TestDatabase.all)
    func runsOnBothDatabases(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            try await database.write { db in
                try await db.run("CREATE TABLE sqltext_probe (id BIGINT PRIMARY KEY, name TEXT, note TEXT)")
                var insert: SQLText = "INSERT INTO sqltext_probe (id, name, note) VALUES "
                for id in Int64(1)...3 {
                    insert += id == 1 ? "" : ", "
                    let note: String? = id == 2 ? nil : "note \u{1} \(id) ? $1"
                    insert += "(\(bind: id), \(bind: "name \(id)"), \(bind: note))"
                }
                try await db.run(insert)
            }
            let rows = try await database.read { db in
                let filter: SQLText = "id >= \(bind: Int64(2))"
                return try await db.all("""
                    SELECT id, name, note FROM sqltext_probe WHERE \(filter) AND name <> \(bind: "x") ORDER BY id
                    """)
            }
            #expect(try rows.map { try $0.decode(column: "id", as: Int64.self) } == [2, 3])
            #expect(try rows.map { try $0.decode(column: "note", as: String?.self) } == [nil, "note \u{1} 3 ? $1"])
            let first = try await database.read { db in
                try await db.first("SELECT name FROM sqltext_probe WHERE id = \(bind: Int64(1))")
            }
            #expect(try first?.decode(column: "name", as: String.self) == "name 1")
            let none = try await database.read { db in
                try await db.first("SELECT name FROM sqltext_probe WHERE id = \(bind: Int64(99))")
            }
            #expect(none == nil)
        }
    }
}
