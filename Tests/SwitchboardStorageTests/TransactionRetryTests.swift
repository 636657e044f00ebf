import Foundation
import SQLKit
import SwitchboardCore
import Synchronization
import Testing

@testable import SwitchboardStorage

/// `Database.write` runs a PostgreSQL transaction again when the server ended it to break a deadlock, so two writes
/// that lock the same rows in opposite orders both succeed; other errors are not retried.
@Suite("Transaction retry on PostgreSQL")
struct TransactionRetryTests {
    @Test("two writes that deadlock both succeed, the loser on its second attempt")
    func deadlockIsRetried() async throws {
        try await withTestDatabase(.postgres) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE retry_probe (id INT PRIMARY KEY, n INT NOT NULL)").run()
                try await db.raw("INSERT INTO retry_probe VALUES (1, 0), (2, 0)").run()
            }
            let attempts = AttemptCounter()
            // Each locks one row, waits until the other holds its row, then wants the other's: a deadlock, which
            // PostgreSQL breaks after deadlock_timeout (1 s) by ending one of them.
            func crossing(first: Int, second: Int) async throws {
                try await database.write { db in
                    let attempt = attempts.next()
                    try await db.raw("UPDATE retry_probe SET n = n + 1 WHERE id = \(bind: first)").run()
                    if attempt <= 2 { try await db.raw("SELECT pg_sleep(0.3)").run() }
                    try await db.raw("UPDATE retry_probe SET n = n + 1 WHERE id = \(bind: second)").run()
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await crossing(first: 1, second: 2) }
                group.addTask { try await crossing(first: 2, second: 1) }
                try await group.waitForAll()
            }

            // Both committed exactly once: every row was raised twice. The body ran at least three times (one
            // retry); once, on a machine busy with a 1M-ticket bulk load beside the suite, it ran four times, within
            // what the retry allows (each write up to `postgresAttempts` runs).
            let counts = try await database.read { db in
                try await db.raw("SELECT n FROM retry_probe ORDER BY id").all(decodingColumn: "n", as: Int.self)
            }
            #expect(counts == [2, 2])
            #expect((3...2 * Database.postgresAttempts).contains(attempts.count), "\(attempts.count) attempts")
        }
    }

    @Test("an error that is not a deadlock runs the body once")
    func otherErrorsAreNotRetried() async throws {
        try await withTestDatabase(.postgres) { database in
            let fixture = try await Fixture.make(database)
            let attempts = AttemptCounter()
            await #expect(throws: SwitchboardError.self) {
                try await database.write { db in
                    _ = attempts.next()
                    _ = try await TeamRepository().create(
                        accountID: fixture.account.id, name: fixture.team.name, memberIDs: [], on: db)
                }
            }
            #expect(attempts.count == 1)
        }
    }

    @Test("deadlock and serialization failures are tried three times, then reported as busy")
    func attemptsAreBounded() async throws {
        try await withTestDatabase(.postgres) { database in
            for (state, expected) in [("40P01", 3), ("40001", 3), ("55P03", 1), ("23505", 1)] {
                let attempts = AttemptCounter()
                let error = await #expect(throws: SwitchboardError.self) {
                    try await database.write { db in
                        _ = attempts.next()
                        try await db.raw("""
                            DO $$ BEGIN RAISE EXCEPTION 'probe' USING ERRCODE = '\(unsafeRaw: state)'; END $$
                            """).run()
                    }
                }
                #expect(attempts.count == expected, "attempts after \(state)")
                #expect(error?.code == (state == "23505" ? .conflict : .unavailable), "\(state)")
            }
        }
    }
}

/// Counts how often a write body ran.
private final class AttemptCounter: Sendable {
    private let state = Mutex(0)

    /// Counts one more run and returns the count.
    func next() -> Int { state.withLock { count in count += 1; return count } }

    var count: Int { state.withLock { $0 } }
}
