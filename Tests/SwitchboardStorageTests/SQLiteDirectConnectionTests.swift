import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// The SQLite driver under every SQLite connection: statements kept prepared and reused, values bound and read back
/// unchanged, bad statements refused with SQLite's own error and nothing changed.
@Suite("SQLite direct connection")
struct SQLiteDirectConnectionTests {
    /// Runs `body` with a new connection to a new file in a temporary directory, removed afterwards.
    private static func withEmptyConnection<T>(_ body: (SQLiteDirectConnection) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-direct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let connection = try SQLiteDirectConnection.open(path: directory.appendingPathComponent("test.sqlite").path)
        defer { connection.close() }
        return try await body(connection)
    }

    /// Runs `body` on a new connection with a table `t(id INTEGER PRIMARY KEY, name TEXT UNIQUE, value)`.
    private static func withConnection(_ body: (SQLiteDirectConnection) throws -> Void) async throws {
        try await withEmptyConnection { connection in
            try connection.run("PRAGMA foreign_keys = ON")
            try connection.run("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, value)")
            try body(connection)
        }
    }

    private static func count(_ connection: SQLiteDirectConnection) throws -> Int {
        guard case .integer(let count) = try connection.query("SELECT count(*) AS n FROM t").first?.value("n") else {
            Issue.record("count(*) did not return an integer")
            return -1
        }
        return count
    }

    @Test("the same SQL text runs on one prepared statement, with fresh binds every time")
    func statementsAreReused() async throws {
        try await Self.withConnection { connection in
            let baseline = connection.cachedStatementCount
            for index in 0..<50 {
                try connection.run("INSERT INTO t (name, value) VALUES (?, ?)", [.text("n\(index)"), .integer(index)])
            }
            #expect(connection.cachedStatementCount == baseline + 1)
            let rows = try connection.query("SELECT name, value FROM t WHERE value >= ? ORDER BY value", [.integer(48)])
            #expect(rows.map { $0.value("name") } == [.text("n48"), .text("n49")])
            // The reused SELECT sees rows written after it was first prepared.
            try connection.run("INSERT INTO t (name, value) VALUES (?, ?)", [.text("late"), .integer(99)])
            let again = try connection.query("SELECT name, value FROM t WHERE value >= ? ORDER BY value", [.integer(48)])
            #expect(again.map { $0.value("name") } == [.text("n48"), .text("n49"), .text("late")])
        }
    }

    @Test("values come back as bound: empty and NUL-holding text, blobs, floats, 64-bit integers, NULL")
    func valuesRoundTrip() async throws {
        try await Self.withConnection { connection in
            var blob = ByteBufferAllocator().buffer(capacity: 4)
            blob.writeBytes([0, 255, 1, 0])
            let values: [SQLiteData] = [
                .text(""), .text("a\u{0}b"), .text("grüße 🎉"), .blob(blob), .blob(ByteBuffer()), .float(-2.5),
                .integer(Int(Int64.max)), .integer(Int(Int64.min)), .null,
            ]
            for (index, value) in values.enumerated() {
                try connection.run("INSERT INTO t (id, value) VALUES (?, ?)", [.integer(index + 1), value])
            }
            let rows = try connection.query("SELECT value, typeof(value) AS type FROM t ORDER BY id")
            #expect(rows.map { $0.value("value") } == values)
            // The empty text is text, not NULL; the empty blob is a blob.
            #expect(rows[0].value("type") == .text("text"))
            #expect(rows[4].value("type") == .text("blob"))
        }
    }

    @Test("rows decode through SQLKit, a missing column is an error and NULL decodes as nil")
    func rowsDecodeThroughSQLKit() async throws {
        try await Self.withEmptyConnection { connection in
            let db = connection.sql()
            try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, value)").run()
            try await db.insert(into: "t").columns("name", "value").values(SQLBind("x"), SQLBind(7)).run()
            try await db.insert(into: "t").columns("name", "value").values(SQLBind("y"), SQLLiteral.null).run()
            let rows = try await db.select().columns("name", "value").from("t").orderBy("id").all()
            #expect(try rows.map { try $0.decode(column: "name", as: String.self) } == ["x", "y"])
            #expect(try rows[0].decode(column: "value", as: Int.self) == 7)
            #expect(try rows[1].decode(column: "value", as: Int?.self) == nil)
            #expect(rows[0].allColumns == ["name", "value"])
            #expect(throws: DecodingError.self) { try rows[0].decode(column: "absent", as: Int.self) }
        }
    }

    @Test("a second statement in one query is refused and nothing of the query runs")
    func secondStatementRefused() async throws {
        try await Self.withConnection { connection in
            #expect(throws: SQLiteDirectError.self) {
                try connection.run("INSERT INTO t (name) VALUES ('a'); DROP TABLE t")
            }
            #expect(try Self.count(connection) == 0)
            // Trailing semicolons and whitespace are not a second statement.
            try connection.run("INSERT INTO t (name) VALUES ('b'); \n ;")
            #expect(try Self.count(connection) == 1)
            #expect(throws: SQLiteDirectError.self) { try connection.run("   ") }
            #expect(throws: SQLiteDirectError.self) { try connection.run("SELEC 1") }
        }
    }

    @Test("too few or too many binds are refused before the statement runs")
    func bindCountChecked() async throws {
        try await Self.withConnection { connection in
            let sql = "INSERT INTO t (name, value) VALUES (?, ?)"
            try connection.run(sql, [.text("one"), .integer(1)])
            #expect(throws: SQLiteDirectError.self) { try connection.run(sql, [.text("two")]) }
            #expect(throws: SQLiteDirectError.self) { try connection.run(sql, [.text("two"), .integer(2), .null]) }
            #expect(try Self.count(connection) == 1)
            // A statement whose bind failed stays usable, with none of the refused values left behind.
            try connection.run(sql, [.text("three"), .integer(3)])
            #expect(try connection.query("SELECT value FROM t WHERE name = 'three'").first?.value("value") == .integer(3))
        }
    }

    @Test("constraint errors carry SQLite's extended code and map to conflict and invalid input")
    func constraintErrorsMapped() async throws {
        try await Self.withConnection { connection in
            try connection.run("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t(id))")
            let insert = "INSERT INTO t (name) VALUES (?)"
            try connection.run(insert, [.text("dup")])
            do {
                try connection.run(insert, [.text("dup")])
                Issue.record("a duplicate name was accepted")
            } catch let error as SQLiteDirectError {
                #expect(error.code == SQLiteDirectError.constraintUnique)
                #expect(error.message.contains("UNIQUE constraint failed: t.name"))
                let mapped = DatabaseErrorMapping.map(error, logger: Logger(label: "test"))
                #expect(mapped.code == .conflict)
            }
            do {
                try connection.run("INSERT INTO child (parent) VALUES (?)", [.integer(999)])
                Issue.record("a dangling reference was accepted")
            } catch let error as SQLiteDirectError {
                #expect(error.code == SQLiteDirectError.constraintForeignKey)
                #expect(DatabaseErrorMapping.map(error, logger: Logger(label: "test")).code == .invalidInput)
            }
            // The statement that failed runs again once the input is good.
            try connection.run(insert, [.text("fresh")])
            #expect(try Self.count(connection) == 2)
        }
    }

    @Test("a cached statement follows a schema change")
    func cachedStatementFollowsSchemaChange() async throws {
        try await Self.withConnection { connection in
            try connection.run("INSERT INTO t (name) VALUES ('a')")
            #expect(try connection.query("SELECT * FROM t").first?.allColumns == ["id", "name", "value"])
            try connection.run("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'e'")
            let row = try connection.query("SELECT * FROM t").first
            #expect(row?.allColumns == ["id", "name", "value", "extra"])
            #expect(row?.value("extra") == .text("e"))
        }
    }

    @Test("binds are encoded exactly as sqlite-kit's encoder encodes them")
    func bindsEncodeLikeSQLiteKit() throws {
        struct Payload: Codable, Sendable { var name: String }  // one key: JSONEncoder does not keep key order
        let values: [any Encodable & Sendable] = [
            Int64.min, Int64.max, Int64(0), Int.min, Int.max, Int32(-7), UInt8(200), "", "text with \u{0} NUL", "ünïcødé 🎉",
            0.0, -1.5, Double.greatestFiniteMagnitude, Double.infinity, Float(2.5), true, false,
            Int64?.none as Int64?, Int64?.some(42), String?.none as String?, String?.some("x"), Double?.some(0.25),
            Bool?.some(true), Date(timeIntervalSince1970: 1_700_000_000.5), Data([0, 1, 2]),
            ByteBuffer(bytes: [9, 8]), Payload(name: "a"), ["a", "b"],
        ]
        let reference = SQLiteDataEncoder()
        for value in values {
            #expect(try SQLiteDirectDatabase.encode(value) == reference.encode(value), "\(type(of: value)) \(value)")
        }
        let nan = try SQLiteDirectDatabase.encode(Double.nan)
        guard case .float(let float) = nan else { Issue.record("NaN encoded as \(nan)"); return }
        #expect(float.isNaN)
    }

    @Test("distinct SQL texts beyond the cache's limit are all answered correctly; the cache stays bounded")
    func cacheStaysBounded() async throws {
        try await Self.withConnection { connection in
            let limit = SQLiteDirectConnection.statementCacheLimit
            for index in 0..<(limit + 40) {
                let rows = try connection.query("SELECT \(index) AS n")
                #expect(rows.first?.value("n") == .integer(index))
                #expect(connection.cachedStatementCount <= limit)
            }
        }
    }

    @Test("a closed connection refuses queries")
    func closedConnectionRefuses() async throws {
        try await Self.withConnection { connection in
            connection.close()
            #expect(throws: SQLiteDirectError.self) { try connection.run("SELECT 1") }
        }
    }

    @Test("the readers keep the API-token lookup prepared: new secrets and the same one, none prepared again")
    func readersReuseStatements() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture.make(database)
            let tokens = APITokenRepository()
            let accountID = fixture.account.id
            let (_, secret) = try await database.write { db in
                try await tokens.create(accountID: accountID, userID: fixture.agent.id, name: "reader", on: db)
            }
            // ANALYZE first, as the bench does after its load. Without the readers' planner stability SQLite
            // prepared this join again on 29 of these 30 runs (checked by turning it off).
            _ = try await database.write { db in try await db.raw("ANALYZE").run() }
            for round in 0..<30 {
                let probe = round % 3 == 0 ? secret : "sbt_unknown\(round)"
                let found = try await database.read { db in try await tokens.authenticate(secret: probe, on: db) }
                #expect((found != nil) == (probe == secret))
            }
            let statistics = try #require(database.sqliteReaderStatementStatistics)
            let lookup = try #require(statistics.first { $0.key.contains("FROM api_tokens t JOIN users u") }?.value)
            #expect(lookup.runs == 30)
            #expect(lookup.reprepares == 0)
        }
    }

    @Test("ticket creates, one at a time and queued together, reuse the writer's statements without re-preparing them")
    func ticketCreatesReuseStatements() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture.make(database)
            // Different values every time: a statement whose plan depends on a bound value would be prepared again.
            @Sendable func create(_ index: Int) async throws {
                _ = try await fixture.ticket(
                    database, subject: "Subject \(index)", body: "Body \(index) words", email: "c\(index % 7)@example.org",
                    priority: index % 2 == 0 ? .high : .normal, tags: ["tag\(index % 3)"])
            }
            for index in 0..<3 { try await create(index) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 3..<43 { group.addTask { try await create(index) } }
                try await group.waitForAll()
            }
            // Migrations change the schema, so their statements are prepared again once; a create's are not.
            let statistics = try #require(database.sqliteWriterStatementStatistics)
            let creates = statistics.filter { $0.value.runs >= 43 }
            #expect(creates.count >= 5, "the statements of a create ran once per ticket: \(statistics)")
            for (sql, counts) in creates where counts.reprepares > 0 {
                Issue.record("prepared again \(counts.reprepares) times in \(counts.runs) runs: \(sql)")
            }
        }
    }
}
