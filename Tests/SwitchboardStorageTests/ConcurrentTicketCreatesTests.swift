import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// Ticket numbers (a sequence per account on PostgreSQL) and sharded counters (M0012): concurrent creates get
/// distinct numbers and exact counts, an upgraded database keeps its numbering and counts.
@Suite("Concurrent ticket creates (M0012)")
struct ConcurrentTicketCreatesTests {
    @Test("concurrent creates get distinct numbers in order and exact counts", arguments: TestDatabase.all)
    func concurrentCreates(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let creates = 48
            let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<creates {
                    group.addTask {
                        try await fixture.ticket(database, subject: "Parallel \(index)",
                                                 email: "parallel\(index)@example.org").ticket.number
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            // No create failed, so no number was skipped.
            #expect(numbers.sorted() == Array(1...Int64(creates)))
            let counts = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            }
            #expect(counts.byStatus[.new] == creates)
            #expect(counts.unassignedUnsolved == creates)
            // Solving some moves them between counts, whichever shard their create wrote to.
            for number in numbers.sorted().prefix(5) {
                let id = try await database.read { db in
                    try await db.raw("""
                        SELECT id FROM tickets
                        WHERE account_id = \(bind: fixture.account.id) AND number = \(bind: number)
                        """).first(decodingColumn: "id", as: Int64.self)
                }
                _ = try await database.write { db in
                    try await TicketOperations().update(
                        accountID: fixture.account.id, id: try #require(id),
                        changes: TicketChanges(status: .solved), actor: fixture.agentActor, on: db)
                }
            }
            let after = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            }
            #expect(after.byStatus[.new] == creates - 5)
            #expect(after.byStatus[.solved] == 5)
            #expect(after.unassignedUnsolved == creates - 5)
            // The repair tool computes the same counts from the tickets.
            try await database.write { db in
                try await TicketCounterRepository().rebuild(accountID: fixture.account.id, on: db)
            }
            #expect(try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            } == after)
        }
    }

    @Test("each account numbers its own tickets from 1", arguments: TestDatabase.all)
    func numbersPerAccount(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let first = try await Fixture.make(database, name: "First")
            let second = try await Fixture.make(database, name: "Second")
            #expect(try await first.ticket(database).ticket.number == 1)
            #expect(try await first.ticket(database).ticket.number == 2)
            #expect(try await second.ticket(database).ticket.number == 1)
            let next = try await database.read { db in
                try await TicketNumbers.peek(accountID: first.account.id, on: db)
            }
            #expect(next == 3)
        }
    }

    @Test("an upgraded database keeps its ticket numbers and counts", arguments: TestDatabase.all)
    func upgrade(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let fixture = try await LegacyTicketRows.fixture(before: "M0012_ConcurrentTicketCreates", in: database)
            for index in 0..<3 {
                _ = try await LegacyTicketRows.ticket(
                    fixture, subject: "Old \(index)", body: "Written before M0012", email: "old\(index)@example.org",
                    on: database)
            }
            #expect(try await database.migrate(logger: TestEnvironment.logger).contains("M0012_ConcurrentTicketCreates"))

            let counts = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            }
            #expect(counts.byStatus[.new] == 3)
            #expect(counts.unassignedUnsolved == 3)
            let created = try await fixture.ticket(database)
            #expect(created.ticket.number == 4)
            let after = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            }
            #expect(after.byStatus[.new] == 4)
            #expect(after.unassignedUnsolved == 4)
        }
    }
}
