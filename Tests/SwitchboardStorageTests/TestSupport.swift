import Foundation
import Logging
import SQLKit
import SwitchboardCore
import Synchronization
import Testing

@testable import SwitchboardStorage

/// The databases every storage test runs against.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let all: [TestDatabase] = TestDatabase.allCases

    var testDescription: String { rawValue }
}

/// Limits how many PostgreSQL test databases exist at once (each test opens a small pool).
actor TestGate {
    static let postgres = TestGate(permits: 6)

    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { self.permits = permits }

    func enter() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty { permits += 1 } else { waiters.removeFirst().resume() }
    }
}

enum TestEnvironment {
    static var logger: Logger {
        var logger = Logger(label: "switchboard.storage.tests")
        let environment = ProcessInfo.processInfo.environment
        let level = environment["SWITCHBOARD_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        logger.logLevel = level ?? .critical
        return logger
    }

    static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    static var requirePostgres: Bool { ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_POSTGRES"] == "1" }

    /// `url` with its database name replaced.
    static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }
}

/// Runs `body` with a fresh, migrated database of `kind`: a temp SQLite file, or a new PostgreSQL database
/// created from SWITCHBOARD_TEST_POSTGRES_URL and dropped afterwards. Without that variable the PostgreSQL case
/// is skipped (printed), or fails when SWITCHBOARD_REQUIRE_POSTGRES=1.
func withTestDatabase(
    _ kind: TestDatabase, migrate: Bool = true, maxConnections: Int = 8,
    _ body: @Sendable (Database) async throws -> Void
) async throws {
    let logger = TestEnvironment.logger
    switch kind {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sb-storage-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path
        try await Database.with(.sqlite(path: path), logger: logger, maxConnections: maxConnections) { database in
            if migrate { _ = try await database.migrate(logger: logger) }
            try await body(database)
        }
    case .postgres:
        guard let adminURL = TestEnvironment.postgresURL else {
            if TestEnvironment.requirePostgres {
                Issue.record("""
                    SWITCHBOARD_REQUIRE_POSTGRES=1 but SWITCHBOARD_TEST_POSTGRES_URL is not set: \
                    the PostgreSQL storage tests cannot run
                    """)
            } else {
                print("PostgreSQL skipped (storage test): SWITCHBOARD_TEST_POSTGRES_URL is not set")
            }
            return
        }
        await TestGate.postgres.enter()
        let name = "sb_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        do {
            try await Database.with(.postgres(url: adminURL), logger: logger, maxConnections: 1) { admin in
                try await admin.read { db in try await db.raw("CREATE DATABASE \(ident: String(name))").run() }
            }
            let url = TestEnvironment.url(adminURL, database: String(name))
            var failure: (any Error)?
            do {
                try await Database.with(.postgres(url: url), logger: logger, maxConnections: maxConnections) {
                    database in
                    if migrate { _ = try await database.migrate(logger: logger) }
                    try await body(database)
                }
            } catch {
                failure = error
            }
            try await Database.with(.postgres(url: adminURL), logger: logger, maxConnections: 1) { admin in
                try await admin.read { db in
                    try await db.raw("DROP DATABASE IF EXISTS \(ident: String(name)) WITH (FORCE)").run()
                }
            }
            await TestGate.postgres.leave()
            if let failure { throw failure }
        } catch {
            await TestGate.postgres.leave()
            throw error
        }
    }
}

/// Rows most tests need: an account with an owner, an agent, a light agent, a team and an email inbox.
struct Fixture: Sendable {
    var account: Account
    var owner: User
    var agent: User
    var lightAgent: User
    var team: Team
    var inbox: Inbox

    var ownerActor: EventActor { EventActor(kind: .user, id: owner.id) }
    var agentActor: EventActor { EventActor(kind: .user, id: agent.id) }

    static func make(_ database: Database, name: String = "Acme") async throws -> Fixture {
        let tag = UUID().uuidString.prefix(8).lowercased()
        return try await database.write { db in
            let account = try await AccountRepository().create(name: name, on: db)
            let users = UserRepository()
            let owner = try await users.create(
                accountID: account.id, email: "owner-\(tag)@example.com", name: "Olivia Owner", role: .owner,
                passwordHash: "hash-o", on: db)
            let agent = try await users.create(
                accountID: account.id, email: "agent-\(tag)@example.com", name: "Adam Agent", role: .agent,
                passwordHash: "hash-a", on: db)
            let light = try await users.create(
                accountID: account.id, email: "light-\(tag)@example.com", name: "Lena Light", role: .lightAgent,
                passwordHash: nil, on: db)
            let team = try await TeamRepository().create(
                accountID: account.id, name: "Support", memberIDs: [agent.id], on: db)
            let inbox = try await InboxRepository().create(
                accountID: account.id, name: "Support mail", channel: .email,
                emailAddress: "support-\(tag)@acme.test", on: db)
            return Fixture(account: account, owner: owner, agent: agent, lightAgent: light, team: team, inbox: inbox)
        }
    }

    /// Creates a ticket from a customer email.
    func ticket(
        _ database: Database, subject: String = "Printer is on fire", body: String = "Please help, smoke everywhere.",
        email: String = "customer@example.org", priority: TicketPriority = .normal, tags: [String] = [],
        createdAt: Date? = nil, operations: TicketOperations = TicketOperations()
    ) async throws -> (ticket: Ticket, message: Message, events: [Event]) {
        let new = NewTicket(
            accountID: account.id, subject: subject, body: body, priority: priority, channel: .email,
            inboxID: inbox.id, requester: RequesterDetails(name: "Casey Customer", email: email), tags: tags,
            createdAt: createdAt, actor: EventActor(kind: .contact, id: nil))
        return try await database.write { db in try await operations.create(new, on: db) }
    }
}

/// A manual clock for ticket operations: every call returns the current value; `advance` moves it.
final class ManualClock: Sendable {
    private let state: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { state = Mutex(start) }

    var now: Date { state.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { state.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var operations: TicketOperations { TicketOperations(now: { [self] in self.now }) }
}

/// Expects `body` to throw a ``SwitchboardError`` with `code` (and `field` when given).
func expectError(
    _ code: SwitchboardError.Code, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code.rawValue) but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SwitchboardError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
        #expect(!error.message.uppercased().contains("SELECT"), sourceLocation: sourceLocation)
        #expect(!error.message.uppercased().contains("INSERT"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected SwitchboardError(\(code.rawValue)), got \(error)", sourceLocation: sourceLocation)
    }
}
