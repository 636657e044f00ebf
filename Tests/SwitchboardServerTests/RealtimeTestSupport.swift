import Foundation
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Synchronization
import Testing

@testable import SwitchboardServer

/// Databases and fixtures for the realtime, stream, job and OpenAPI tests.
enum RTFixtures {
    static var logger: Logger {
        var logger = Logger(label: "switchboard.tests.realtime")
        logger.logLevel = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_LOG_LEVEL"]
            .flatMap { Logger.Level(rawValue: $0) }
            ?? .critical
        return logger
    }

    /// A fresh temporary directory (removed by the caller's `defer`).
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "sb-rt-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a migrated SQLite database in a temporary directory.
    static func withSQLite<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let location = DatabaseLocation.sqlite(path: directory + "/test.sqlite")
        return try await Database.with(location, logger: logger) { database in
            _ = try await database.migrate(logger: logger)
            return try await body(database)
        }
    }

    /// The PostgreSQL server for tests (`SWITCHBOARD_TEST_POSTGRES_URL`), or `nil` after printing why the test is
    /// skipped. With `SWITCHBOARD_REQUIRE_POSTGRES=1` a missing URL records a test failure instead.
    static func postgresServerURL(_ test: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["SWITCHBOARD_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        if environment["SWITCHBOARD_REQUIRE_POSTGRES"] == "1" {
            Issue.record("SWITCHBOARD_REQUIRE_POSTGRES=1 but SWITCHBOARD_TEST_POSTGRES_URL is not set (\(test))")
        } else {
            print("skipped \(test): SWITCHBOARD_TEST_POSTGRES_URL is not set")
        }
        return nil
    }

    /// Creates an empty database `sb_test_<random>` on the test server, runs `body` with its URL, then drops it.
    /// Returns `nil` (test skipped) when no server is configured.
    static func withFreshPostgres<T: Sendable>(
        _ test: String, _ body: @Sendable (String) async throws -> T
    ) async throws -> T? {
        guard let serverURL = postgresServerURL(test) else { return nil }
        let name = "sb_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await administer(serverURL) { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
        let url = replacingDatabase(in: serverURL, with: name)
        let drop: @Sendable () async -> Void = {
            try? await administer(serverURL) { db in
                try await db.raw("DROP DATABASE \(ident: name) WITH (FORCE)").run()
            }
        }
        do {
            let result = try await body(url)
            await drop()
            return result
        } catch {
            await drop()
            throw error
        }
    }

    /// Runs `body` with a migrated database on a fresh PostgreSQL database (or returns `nil`: skipped).
    static func withPostgres<T: Sendable>(
        _ test: String, maxConnections: Int = 10, _ body: @Sendable (Database) async throws -> T
    ) async throws -> T? {
        try await withFreshPostgres(test) { url in
            try await Database.with(.postgres(url: url), logger: logger, maxConnections: maxConnections) { database in
                _ = try await database.migrate(logger: logger)
                return try await body(database)
            }
        }
    }

    /// Runs statements outside a transaction on the server's own database (CREATE/DROP DATABASE).
    static func administer(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await Database.with(.postgres(url: url), logger: logger, maxConnections: 1) { database in
            try await database.read { db in try await body(db) }
        }
    }

    /// `url` with its database path replaced by `/name` (query kept).
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// A new account with an owner; returns the owner.
    static func makeOwner(on database: Database, account name: String = "Acme") async throws -> User {
        let email = "owner-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        return try await database.write { db in
            let account = try await AccountRepository().create(name: name, on: db)
            return try await UserRepository().create(
                accountID: account.id, email: email, name: "Owner", role: .owner, passwordHash: nil, on: db)
        }
    }

    /// An event value (not stored) for hub tests.
    static func event(_ id: Int64, account: Int64 = 1, type: String = EventType.ticketUpdated) -> Event {
        Event(
            id: id, accountID: account, type: type, ticketID: 7, actor: .system, payload: ["n": .number(Double(id))],
            createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(id)))
    }
}

/// A time source tests move by hand.
final class RTManualTime: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_900_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// A closure reading this time, for `JobRunner(now:)`.
    var source: @Sendable () -> Date { { [self] in self.now } }
}

/// An in-memory event source for hub and stream tests.
final class RTEventStore: RealtimeEventSource {
    private let events: Mutex<[Event]>
    private let reads = Mutex(0)

    init(_ events: [Event] = []) {
        self.events = Mutex(events)
    }

    func add(_ event: Event) { events.withLock { $0.append(event) } }

    /// How many times the store was read.
    var readCount: Int { reads.withLock { $0 } }

    func event(id: Int64) async throws -> Event? {
        reads.withLock { $0 += 1 }
        return events.withLock { list in list.first { $0.id == id } }
    }

    func events(accountID: Int64, afterID: Int64, limit: Int) async throws -> [Event] {
        reads.withLock { $0 += 1 }
        return events.withLock { list in
            Array(list.filter { $0.accountID == accountID && $0.id > afterID }.sorted { $0.id < $1.id }.prefix(limit))
        }
    }
}
