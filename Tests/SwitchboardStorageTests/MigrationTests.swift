import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Migrations")
struct MigrationTests {
    @Test("a fresh database gets every migration, in order", arguments: TestDatabase.all)
    func freshDatabase(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let logger = TestEnvironment.logger
            let pending = try await database.migrate(dryRun: true, logger: logger)
            #expect(pending == Database.migrationNames)
            #expect(pending.first == "M0001_CreateAccounts")
            let applied = try await database.migrate(logger: logger)
            #expect(applied == Database.migrationNames)
            let recorded = try await database.read { db in
                try await db.raw("SELECT name FROM schema_migrations ORDER BY position").all(
                    decodingColumn: "name", as: String.self)
            }
            #expect(recorded == Database.migrationNames)
        }
    }

    @Test("running migrations again applies nothing", arguments: TestDatabase.all)
    func idempotent(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { (database: Database) async throws in
            let logger = TestEnvironment.logger
            #expect(try await database.migrate(logger: logger).isEmpty)
            #expect(try await database.migrate(dryRun: true, logger: logger).isEmpty)
        }
    }

    @Test("a dry run lists pending migrations and changes nothing", arguments: TestDatabase.all)
    func dryRun(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let logger = TestEnvironment.logger
            let firstTwo = Array(Migrations.all.prefix(2))
            #expect(try await database.migrate(firstTwo, dryRun: false, logger: logger) == [
                "M0001_CreateAccounts", "M0002_CreateContacts",
            ])
            let pending = try await database.migrate(dryRun: true, logger: logger)
            #expect(pending == Array(Database.migrationNames.dropFirst(2)))
            // Still pending after the dry run: tickets do not exist yet.
            #expect(try await database.migrate(dryRun: true, logger: logger) == pending)
            await expectError(.internalError) {
                _ = try await database.read { db in try await db.raw("SELECT id FROM tickets").all() }
            }
            #expect(try await database.migrate(logger: logger) == pending)
        }
    }

    @Test("a database migrated by another version is refused", arguments: TestDatabase.all)
    func refusesMismatchedHistory(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let logger = TestEnvironment.logger
            try await database.write { db in
                try await db.raw("""
                    INSERT INTO schema_migrations (name, position, applied_at)
                    VALUES ('M9999_FromTheFuture', 999, 0)
                    """).run()
            }
            await expectError(.conflict) { _ = try await database.migrate(logger: logger) }
            await expectError(.conflict) { _ = try await database.migrate(dryRun: true, logger: logger) }
        }
    }

    @Test("a history that is not a prefix of the code's list is refused", arguments: TestDatabase.all)
    func refusesReorderedHistory(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let logger = TestEnvironment.logger
            _ = try await database.migrate(Array(Migrations.all.prefix(1)), dryRun: false, logger: logger)
            try await database.write { db in
                try await db.raw("UPDATE schema_migrations SET name = 'M0001_SomethingElse'").run()
            }
            await expectError(.conflict) { _ = try await database.migrate(logger: logger) }
        }
    }

    @Test("concurrent migrators apply each migration once", arguments: TestDatabase.all)
    func concurrentMigrators(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let logger = TestEnvironment.logger
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<3 { group.addTask { try await database.migrate(logger: logger) } }
                var all: [[String]] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.flatMap { $0 }.sorted() == Database.migrationNames.sorted())
        }
    }
}

@Suite("Database location")
struct DatabaseLocationTests {
    @Test("URLs and paths are recognised")
    func parses() throws {
        #expect(try DatabaseLocation(url: "sqlite:///var/lib/sb.sqlite") == .sqlite(path: "/var/lib/sb.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite://data/sb.sqlite") == .sqlite(path: "data/sb.sqlite"))
        #expect(try DatabaseLocation(url: "/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try DatabaseLocation(url: "postgres://u:p@db:5433/sb") == .postgres(url: "postgres://u:p@db:5433/sb"))
        #expect(try DatabaseLocation(url: "postgresql://db/sb") == .postgres(url: "postgresql://db/sb"))
        let parsed = try PostgresURL("postgres://alice:s%40cret@db.example:6543/help?sslmode=require")
        #expect(parsed.host == "db.example")
        #expect(parsed.port == 6543)
        #expect(parsed.username == "alice")
        #expect(parsed.password == "s@cret")
        #expect(parsed.database == "help")
        #expect(parsed.sslMode == "require")
    }

    @Test("bad locations are invalid input")
    func rejects() async {
        for bad in ["", "mysql://x/y", "postgres://", "sqlite://", "postgres://h/db?sslmode=bogus", ":memory:"] {
            await expectError(.invalidInput, field: "database_url") { _ = try DatabaseLocation(url: bad) }
        }
    }

    @Test("an SQLite file that cannot be opened is unavailable, not a crash")
    func unopenableSQLite() async {
        await expectError(.unavailable) {
            _ = try await Database.open(.sqlite(path: "/nonexistent-dir-\(UUID().uuidString)/x.sqlite"),
                                        logger: TestEnvironment.logger)
        }
    }

    @Test("a file that is not an SQLite database is unavailable, not a crash")
    func notADatabase() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-not-db-\(UUID().uuidString)").path
        try Data(String(repeating: "this is not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        await expectError(.unavailable) {
            try await Database.with(.sqlite(path: path), logger: TestEnvironment.logger) { database in
                _ = try await database.migrate(logger: TestEnvironment.logger)
            }
        }
    }

    @Test("an unreachable PostgreSQL server is unavailable, not a crash")
    func unreachable() async throws {
        try await Database.with(
            .postgres(url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable"), logger: TestEnvironment.logger,
            maxConnections: 1
        ) { database in
            await expectError(.unavailable) { try await database.ping() }
        }
    }
}
