import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("many concurrent writes and reads: no lock errors, unique numbers, consistent counters",
          arguments: TestDatabase.all)
    func concurrentWritesAndReads(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, maxConnections: 10) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let writers = 40
            let (numbers, reads) = try await withThrowingTaskGroup(of: (Int64?, Int).self) { group in
                for index in 0..<writers {
                    group.addTask {
                        let created = try await fixture.ticket(
                            database, subject: "Concurrent \(index)", email: "c\(index % 7)@load.test")
                        _ = try await database.write { db in
                            try await TicketOperations().addMessage(
                                accountID: accountID, ticketID: created.ticket.id,
                                NewMessage(kind: .outbound, channel: .email, authorKind: .user,
                                           authorID: fixture.agent.id, text: "reply \(index)",
                                           statusAfterReply: index % 2 == 0 ? .pending : nil),
                                actor: fixture.agentActor, on: db)
                        }
                        return (created.ticket.number, 0)
                    }
                    group.addTask {
                        let page = try await database.read { db in
                            try await TicketRepository().list(TicketQuery(limit: 50), accountID: accountID, on: db)
                        }
                        let hits = try await database.read { db in
                            try await SearchRepository().search(accountID: accountID, text: "concurrent", on: db)
                        }
                        _ = hits
                        return (nil, page.items.count)
                    }
                }
                var numbers: [Int64] = []
                var reads = 0
                for try await (number, _) in group {
                    if let number { numbers.append(number) } else { reads += 1 }
                }
                return (numbers, reads)
            }
            #expect(reads == writers)
            #expect(numbers.sorted() == Array(1...Int64(writers)))
            let counts = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: accountID, on: db)
            }
            #expect(counts.byStatus[.pending] == writers / 2)
            #expect(counts.byStatus[.open] == writers / 2)
            #expect(counts.unassignedUnsolved == writers)
            let contacts = try await database.read { db in
                try await ContactRepository().list(accountID: accountID, limit: 100, on: db)
            }
            #expect(contacts.items.count == 7)
        }
    }

    @Test("reads see committed writes and a failed write does not block the next", arguments: TestDatabase.all)
    func failedWriteReleasesWriter(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            for _ in 0..<5 {
                await expectError(.conflict) {
                    _ = try await database.write { db in
                        try await UserRepository().create(accountID: fixture.account.id, email: fixture.agent.email,
                                                          name: "dup", role: .agent, passwordHash: nil, on: db)
                    }
                }
            }
            let created = try await fixture.ticket(database)
            let read = try await database.read { db in
                try await TicketRepository().get(accountID: fixture.account.id, id: created.ticket.id, on: db)
            }
            #expect(read == created.ticket)
            try await database.ping()
        }
    }

    /// A write on an SQLite reader connection would take the WAL write lock beside the writer's transaction and
    /// wait, or fail with "database is locked", under load; readers are `query_only` so such a write fails at once,
    /// in every test, instead of sometimes.
    @Test("SQLite readers refuse writes; the same statement works in a write")
    func sqliteReadersAreReadOnly() async throws {
        try await withTestDatabase(.sqlite) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            await expectError(.unavailable) {
                try await database.read { db in
                    try await db.raw("UPDATE accounts SET name = 'changed' WHERE id = \(bind: accountID)").run()
                }
            }
            try await database.write { db in
                try await db.raw("UPDATE accounts SET name = 'changed' WHERE id = \(bind: accountID)").run()
            }
            let name = try await database.read { db in
                try await db.raw("SELECT name FROM accounts WHERE id = \(bind: accountID)")
                    .first(decodingColumn: "name", as: String.self)
            }
            #expect(name == "changed")
        }
    }
}

@Suite("Cancellation")
struct CancellationTests {
    @Test("a write cancelled half-way rolls back and the next write works", arguments: TestDatabase.all)
    func cancelledWrite(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let task = Task {
                try await database.write { db in
                    _ = try await AccountRepository().create(name: "Half", on: db)
                    withUnsafeCurrentTask { $0?.cancel() }
                    try Task.checkCancellation()
                    _ = try await AccountRepository().create(name: "Never", on: db)
                }
            }
            await expectError(.unavailable) { try await task.value }
            let account = try await database.write { db in try await AccountRepository().create(name: "After", on: db) }
            let names = try await database.read { db in try await AccountRepository().list(on: db) }.map(\.name)
            #expect(names == ["After"])
            #expect(account.name == "After")
        }
    }
}

@Suite("Concurrent updates")
struct ConcurrentUpdateTests {
    @Test("concurrent updates of one ticket lose nothing (row lock on PostgreSQL)", arguments: TestDatabase.all)
    func noLostUpdates(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, maxConnections: 10) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let ticket = try await fixture.ticket(database).ticket
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        _ = try await database.write { db in
                            try await TicketOperations().update(
                                accountID: accountID, id: ticket.id,
                                changes: TicketChanges(
                                    assigneeID: .some(index % 2 == 0 ? fixture.agent.id : fixture.owner.id),
                                    addTags: ["t\(index)"]),
                                actor: .system, on: db)
                        }
                        _ = try await database.write { db in
                            try await TicketOperations().addMessage(
                                accountID: accountID, ticketID: ticket.id,
                                NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: nil,
                                           text: "note \(index)"),
                                actor: .system, on: db)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try #require(try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: ticket.id, on: db)
            })
            #expect(final.tags == (0..<12).map { "t\($0)" }.sorted())
            #expect(final.messageCount == 13)
            let counts = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: accountID, on: db)
            }
            let assignee = try #require(final.assigneeID)
            #expect(counts.byAssignee == [assignee: 1])
            #expect(counts.unassignedUnsolved == 0)
            let updates = try await database.read { db in
                try await EventRepository().list(accountID: accountID, ticketID: ticket.id, on: db)
            }.filter { $0.type == EventType.ticketUpdated }
            #expect(updates.count >= 12)
        }
    }
}
