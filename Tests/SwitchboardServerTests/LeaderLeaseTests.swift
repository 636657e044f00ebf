import Foundation
import Logging
import SQLKit
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Leader lease: one instance runs a job")
struct LeaderLeaseTests {
    static let logger = Logger(label: "leader-lease-test")

    /// Runs `body` with an empty scratch database of `backend`.
    static func withDatabase(
        _ backend: TestBackend, _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        defer { Task { await scratch.remove(logger: logger) } }
        try await Database.with(DatabaseLocation(url: scratch.url), logger: logger, maxConnections: 4, body)
    }

    /// Who runs the job now, every start in order, and starts that found another run still going.
    final class Runs: Sendable {
        let running = LockedBox<[String]>([])
        let starts = LockedBox<[String]>([])
        let overlaps = LockedBox<Int>(0)

        /// A job that records its runs and runs until cancelled.
        func job(_ name: String) -> @Sendable () async -> Void {
            {
                self.running.mutate { current in
                    if !current.isEmpty { self.overlaps.mutate { $0 += 1 } }
                    current.append(name)
                }
                self.starts.mutate { $0.append(name) }
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                self.running.mutate { $0.removeAll { $0 == name } }
            }
        }
    }

    /// Waits (polling, up to ~20 s) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test func onSQLiteTheJobSimplyRuns() async throws {
        try await Self.withDatabase(.sqlite) { database in
            let runs = Runs()
            let lease = LeaderLease(database: database, logger: Self.logger)
            let task = Task { await lease.run(.imapPolling, runs.job("a")) }
            #expect(await Self.eventually { runs.running.value == ["a"] })
            task.cancel()
            await task.value
            #expect(runs.running.value.isEmpty)
        }
    }

    /// Two instances of one lease on a scratch PostgreSQL database contend for the IMAP polling job: "a" is
    /// started and awaited as the leader, then "b" is started (both retry every 50 ms and check their connection
    /// every 100 ms) and `whileBothRun` runs. Then "a" is stopped and "b" must take over; then "b" is stopped and
    /// no job may still run. `runs` records the jobs' runs; the caller checks PostgreSQL is configured.
    static func withTwoLeasesOnPostgreSQL(
        _ runs: Runs, whileBothRun: @Sendable (Database) async throws -> Void
    ) async throws {
        try await withDatabase(.postgres) { database in
            var lease = LeaderLease(database: database, logger: logger)
            lease.retryInterval = .milliseconds(50)
            lease.checkInterval = .milliseconds(100)
            let first = Task { [lease] in await lease.run(.imapPolling, runs.job("a")) }
            #expect(await eventually { runs.running.value == ["a"] })
            let second = Task { [lease] in await lease.run(.imapPolling, runs.job("b")) }
            try await whileBothRun(database)
            first.cancel()
            await first.value
            #expect(await eventually { runs.running.value == ["b"] })
            second.cancel()
            await second.value
            #expect(runs.running.value.isEmpty)
        }
    }

    @Test func onPostgreSQLOneInstanceLeadsAndAnotherTakesOverWhenItStops() async throws {
        guard TestBackend.all.contains(.postgres) else { return }
        let runs = Runs()
        try await Self.withTwoLeasesOnPostgreSQL(runs) { _ in
            // The second instance keeps trying (every 50 ms) but never runs beside the first.
            for _ in 0..<20 {
                try await Task.sleep(for: .milliseconds(25))
                #expect(runs.running.value == ["a"])
            }
        }
        #expect(runs.overlaps.value == 0, "never two at once")
    }

    @Test func onPostgreSQLALeaderWhoseConnectionDiesStopsAndTheOtherTakesOver() async throws {
        guard TestBackend.all.contains(.postgres) else { return }
        let runs = Runs()
        try await Self.withTwoLeasesOnPostgreSQL(runs) { database in
            // Kill the session that holds the lock, as a network failure or a restarted pooler would.
            let key = LeaderLease.Job.imapPolling.rawValue
            try await database.read { db in
                try await db.raw("""
                    SELECT pg_terminate_backend(pid) FROM pg_locks
                    WHERE locktype = 'advisory' AND granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND classid::bigint = \(bind: key >> 32) AND objid::bigint = \(bind: key & 0xFFFF_FFFF)
                    """).run()
            }
            // The job of the killed session was stopped by its connection check and one lease runs it again.
            #expect(await Self.eventually { runs.starts.value.count >= 2 && runs.running.value.count == 1 })
            #expect(runs.starts.value.first == "a")
        }
        // Between the kill and the failed check (at most checkInterval) both may run: not asserted here.
    }
}
