import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// Writes that queue up together share one SQLite transaction (group commit); each keeps its own result, its own
/// error and its own rollback. On PostgreSQL every write is its own transaction, and the same outcomes must hold.
@Suite("Group commit")
struct GroupCommitTests {
    /// Holds the writer with a write (creating the account "holder") and runs `body` once that write is running, so
    /// the writes `body` starts queue up behind it; returns after both have finished. On SQLite the holder ends when
    /// `queued` writes wait in the group commit's queue, on PostgreSQL after 300 ms.
    private static func behindAHeldWriter<T: Sendable>(
        _ database: Database, queued: Int, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let (started, signal) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await database.write { db in
                _ = try await AccountRepository().create(name: "holder", on: db)
                signal.yield()
                if database.sqliteQueuedWrites != nil {
                    // SQLite: hold until all `queued` writes wait, however slowly a loaded machine starts them (a
                    // fixed 300 ms pause let one arrive after the holder when the whole suite ran in parallel). The
                    // bound only keeps a broken test from hanging; the expectation below then fails.
                    var polls = 0
                    while (database.sqliteQueuedWrites ?? 0) < queued, polls < 30_000 {
                        try await Task.sleep(for: .milliseconds(1))
                        polls += 1
                    }
                    #expect((database.sqliteQueuedWrites ?? 0) >= queued, "the test's writes did not all queue up")
                } else {
                    // PostgreSQL has no queue: each write waits for its own connection.
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
        }
        for await _ in started { break }
        let result = try await body()
        try await holder.value
        return result
    }

    private static func accountNames(_ database: Database) async throws -> Set<String> {
        Set(try await database.read { db in try await AccountRepository().list(on: db) }.map(\.name))
    }

    private static func note(_ text: String) -> NewMessage {
        NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: nil, text: text)
    }

    @Test("writes queued behind a long one share a transaction; each gets its own result or error",
          arguments: TestDatabase.all)
    func queuedWritesKeepTheirOwnOutcome(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let before = database.sqliteCommitCounts
            let outcomes = try await Self.behindAHeldWriter(database, queued: 20) {
                try await withThrowingTaskGroup(of: (Int, Result<String, SwitchboardError>).self) { group in
                    for index in 0..<20 {
                        group.addTask {
                            do {
                                let name = try await database.write { db in
                                    let account = try await AccountRepository().create(name: "write-\(index)", on: db)
                                    switch index % 4 {
                                    case 1:
                                        throw SwitchboardError.invalid("index", "this write fails after writing")
                                    case 3:
                                        // A constraint error half-way, as a real duplicate would raise.
                                        _ = try await UserRepository().create(
                                            accountID: fixture.account.id, email: fixture.agent.email, name: "dup",
                                            role: .agent, passwordHash: nil, on: db)
                                    default:
                                        break
                                    }
                                    return account.name
                                }
                                return (index, .success(name))
                            } catch let error as SwitchboardError {
                                return (index, .failure(error))
                            }
                        }
                    }
                    var outcomes: [Int: Result<String, SwitchboardError>] = [:]
                    for try await (index, outcome) in group { outcomes[index] = outcome }
                    return outcomes
                }
            }
            for index in 0..<20 {
                switch (index % 4, outcomes[index]) {
                case (0, .success(let name)), (2, .success(let name)):
                    #expect(name == "write-\(index)")
                case (1, .failure(let error)):
                    #expect(error.code == .invalidInput)
                case (3, .failure(let error)):
                    #expect(error.code == .conflict)
                default:
                    Issue.record("write \(index): unexpected \(String(describing: outcomes[index]))")
                }
            }
            let kept = Set(["holder"] + (0..<20).filter { $0 % 2 == 0 }.map { "write-\($0)" })
            #expect(try await Self.accountNames(database).subtracting([fixture.account.name]) == kept)
            if let before, let after = database.sqliteCommitCounts {
                // Without group commit: 11 transactions (the holder and the ten writes that succeed).
                #expect(after.transactions - before.transactions <= 3)
                #expect(after.writes - before.writes == 11)
            }
        }
    }

    @Test("no transaction carries more than the batch limit; the writes beyond it go in the next ones")
    func batchesAreCapped() async throws {
        try await withTestDatabase(.sqlite) { database in
            let count = 80
            let before = try #require(database.sqliteCommitCounts)
            try await Self.behindAHeldWriter(database, queued: count) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<count {
                        group.addTask {
                            _ = try await database.write { db in
                                try await AccountRepository().create(name: "capped-\(index)", on: db)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let after = try #require(database.sqliteCommitCounts)
            let limit = SQLiteGroupCommit.maximumBatch
            // All 80 wait behind the holder: no batch holds more than `limit`, every write commits, and 80 writes
            // need more than one batch.
            #expect(try #require(database.sqliteLargestBatch) <= limit)
            #expect(after.writes - before.writes == count + 1)
            // The holder's, then 64 and 16 writes.
            #expect(after.transactions - before.transactions == 1 + (count + limit - 1) / limit)
        }
    }

    @Test("a write that ends the transaction itself fails every write of its batch, none is kept, the next works")
    func brokenTransactionFailsTheBatch() async throws {
        try await withTestDatabase(.sqlite) { database in
            let failures = try await Self.behindAHeldWriter(database, queued: 3) {
                await withTaskGroup(of: Bool.self) { group in
                    for index in 0..<3 {
                        group.addTask {
                            do {
                                try await database.write { db in
                                    _ = try await AccountRepository().create(name: "lost-\(index)", on: db)
                                    if index == 1 { try await db.raw("ROLLBACK").run() }
                                }
                                return false
                            } catch {
                                return true
                            }
                        }
                    }
                    return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
            }
            #expect(failures == 3)
            _ = try await database.write { db in try await AccountRepository().create(name: "after", on: db) }
            #expect(try await Self.accountNames(database) == ["holder", "after"])
        }
    }

    @Test("a write that cancels its own task fails alone; the writes batched with it commit",
          arguments: TestDatabase.all)
    func selfCancellingWriteFailsAlone(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let failed = try await Self.behindAHeldWriter(database, queued: 5) {
                try await withThrowingTaskGroup(of: Int?.self) { group in
                    for index in 0..<5 {
                        group.addTask {
                            do {
                                try await database.write { db in
                                    _ = try await AccountRepository().create(name: "w\(index)", on: db)
                                    if index == 2 {
                                        withUnsafeCurrentTask { $0?.cancel() }
                                        try Task.checkCancellation()
                                    }
                                }
                                return nil
                            } catch let error as SwitchboardError {
                                #expect(error.code == .unavailable)
                                return index
                            }
                        }
                    }
                    return try await group.compactMap { $0 }.reduce(into: [Int]()) { $0.append($1) }
                }
            }
            #expect(failed == [2])
            #expect(try await Self.accountNames(database) == ["holder", "w0", "w1", "w3", "w4"])
        }
    }

    /// On SQLite the FTS5 updates of a batch run at its end (``DeferredWrites``): what the batch committed must be
    /// found, and what a failed write added must not reach the index.
    @Test("search finds what a batch committed, once, and nothing of a write that failed", arguments: TestDatabase.all)
    func searchIndexFollowsTheBatch(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let existing = try await fixture.ticket(database, subject: "Existing ticket", body: "first words")
            let requesterID = existing.ticket.requesterID
            try await Self.behindAHeldWriter(database, queued: 3) {
                // Queued in this order, 50 ms apart, while the holder runs: one batch on SQLite. PostgreSQL has no
                // batch (the holder blocks nothing there), so the reply waits for the create.
                let create = Task {
                    try await database.write { db in
                        _ = try await TicketOperations().create(
                            NewTicket(accountID: accountID, subject: "Batched ticket", body: "zebracrossing",
                                      channel: .api, requesterID: requesterID, actor: .system), on: db)
                    }
                }
                if kind == .postgres { try await create.value }
                try await Task.sleep(for: .milliseconds(50))
                let reply = Task {
                    try await database.write { db in
                        // A reply, in a write of its own, to the ticket the write before it created.
                        let id = try await db.raw("SELECT id FROM tickets WHERE subject = 'Batched ticket'")
                            .first(decodingColumn: "id", as: Int64.self)
                        _ = try await TicketOperations().addMessage(
                            accountID: accountID, ticketID: try #require(id), Self.note("quokkaparade"),
                            actor: .system, on: db)
                    }
                }
                try await Task.sleep(for: .milliseconds(50))
                await expectError(.invalidInput) {
                    _ = try await database.write { db in
                        _ = try await TicketOperations().create(
                            NewTicket(accountID: accountID, subject: "Lost ticket", body: "axolotlfailure",
                                      channel: .api, requesterID: requesterID, actor: .system), on: db)
                        throw SwitchboardError.invalid("test", "fails after its create")
                    }
                }
                try await create.value
                try await reply.value
            }
            func found(_ word: String) async throws -> [Int64] {
                try await database.read { db in
                    try await SearchRepository().search(accountID: accountID, text: word, on: db)
                }.map(\.ticket.id)
            }
            let batched = try await found("zebracrossing")
            #expect(batched.count == 1)
            #expect(try await found("quokkaparade") == batched)
            #expect(try await found("first") == [existing.ticket.id])
            #expect(try await found("axolotlfailure").isEmpty)
            if kind == .sqlite {
                // Search joins tickets, which would hide an index row of the rolled-back ticket: look at the index.
                let leaked = try await database.read { db in
                    try await db.raw("SELECT count(*) AS n FROM ticket_fts WHERE ticket_fts MATCH 'axolotlfailure'")
                        .first(decodingColumn: "n", as: Int64.self)
                }
                #expect(leaked == 0)
            }
        }
    }
}
