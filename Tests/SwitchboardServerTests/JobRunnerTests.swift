import Foundation
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStorage
import Synchronization
import Testing

@testable import SwitchboardServer

/// Counts handler calls per job and notices when one job runs twice at the same time.
final class RTJobLedger: Sendable {
    private struct State {
        var running: Set<Int64> = []
        var runs: [Int64: Int] = [:]
        var overlaps = 0
    }
    private let state = Mutex(State())

    func begin(_ id: Int64) {
        state.withLock { state in
            if !state.running.insert(id).inserted { state.overlaps += 1 }
            state.runs[id, default: 0] += 1
        }
    }

    func end(_ id: Int64) { state.withLock { _ = $0.running.remove(id) } }

    var runs: [Int64: Int] { state.withLock { $0.runs } }
    var overlaps: Int { state.withLock { $0.overlaps } }
}

struct RTFlakyError: Error {}

@Suite("Job runner")
struct JobRunnerTests {
    private func runner(
        _ database: Database, _ handlers: JobHandlers, time: RTManualTime, worker: String = "worker-a",
        policy: RetryPolicy = RetryPolicy(base: .seconds(10), maximum: .seconds(3600))
    ) -> JobRunner<ContinuousClock> {
        JobRunner(
            database: database, handlers: handlers,
            settings: JobRunnerSettings(workerID: worker, lease: .seconds(30), concurrency: 4, retryPolicy: policy),
            clock: ContinuousClock(), now: time.source, logger: RTFixtures.logger)
    }

    private func enqueue(
        _ database: Database, kind: String = "test.work", at date: Date, maxAttempts: Int = 8,
        account: Int64? = nil
    ) async throws -> Job {
        try await database.write { db in
            try await JobRepository().enqueue(
                accountID: account, kind: kind, payload: ["x": 1], runAt: date, maxAttempts: maxAttempts, on: db)
        }
    }

    private func job(_ database: Database, _ id: Int64) async throws -> Job {
        try #require(try await database.read { db in try await JobRepository().get(id: id, on: db) })
    }

    @Test("a failing job is retried with exponential backoff, not before its time")
    func retriesWithBackoff() async throws {
        try await RTFixtures.withSQLite { database in
            let time = RTManualTime()
            let policy = RetryPolicy(base: .seconds(10), maximum: .seconds(3600))
            let calls = Mutex(0)
            var handlers = JobHandlers()
            handlers.register("test.work") { _, _ in
                let call = calls.withLock { value in
                    value += 1
                    return value
                }
                if call < 3 { throw RTFlakyError() }
            }
            let runner = runner(database, handlers, time: time, policy: policy)
            let enqueued = try await enqueue(database, at: time.now)

            #expect(try await runner.runOnce() == 1)
            var stored = try await job(database, enqueued.id)
            #expect(stored.state == .queued && stored.attempts == 1)
            let firstDelay = stored.runAt.timeIntervalSince(time.now)
            let expectedFirst = policy.delay(afterAttempt: 1, seed: UInt64(enqueued.id))
            #expect(abs(firstDelay - Double(expectedFirst.components.seconds)) < 1)
            #expect(firstDelay >= 10 && firstDelay < 12)
            #expect(stored.lastError?.isEmpty == false)

            time.advance(by: firstDelay - 1)
            #expect(try await runner.runOnce() == 0)  // not due yet
            time.advance(by: 1)
            #expect(try await runner.runOnce() == 1)
            stored = try await job(database, enqueued.id)
            let secondDelay = stored.runAt.timeIntervalSince(time.now)
            #expect(secondDelay >= 20 && secondDelay < 24)  // doubled
            #expect(stored.attempts == 2)

            time.advance(by: secondDelay)
            #expect(try await runner.runOnce() == 1)
            stored = try await job(database, enqueued.id)
            #expect(stored.state == .succeeded && stored.attempts == 3)
            #expect(calls.withLock { $0 } == 3)
        }
    }

    @Test("a job that keeps failing is dead after maxAttempts")
    func deadAfterMaxAttempts() async throws {
        try await RTFixtures.withSQLite { database in
            let time = RTManualTime()
            let calls = Mutex(0)
            var handlers = JobHandlers()
            handlers.register("test.work") { _, _ in
                calls.withLock { $0 += 1 }
                throw RTFlakyError()
            }
            let runner = runner(database, handlers, time: time)
            let enqueued = try await enqueue(database, at: time.now, maxAttempts: 3)
            for _ in 0..<10 {
                try await runner.runOnce()
                time.advance(by: 7200)
            }
            let stored = try await job(database, enqueued.id)
            #expect(stored.state == .dead)
            #expect(stored.attempts == 3)
            #expect(calls.withLock { $0 } == 3)
        }
    }

    @Test("a permanent failure is dead at once; a kind without handler is never claimed")
    func permanentFailure() async throws {
        try await RTFixtures.withSQLite { database in
            let time = RTManualTime()
            var handlers = JobHandlers()
            handlers.register("test.work") { _, _ in throw PermanentJobFailure("recipient does not exist") }
            let runner = runner(database, handlers, time: time)
            let enqueued = try await enqueue(database, at: time.now)
            let other = try await enqueue(database, kind: "other.kind", at: time.now)
            #expect(try await runner.runOnce() == 1)
            let stored = try await job(database, enqueued.id)
            #expect(stored.state == .dead && stored.attempts == 1)
            #expect(stored.lastError == "recipient does not exist")
            #expect(try await job(database, other.id).state == .queued)
        }
    }

    @Test("a job claimed by a crashed worker is taken over once its lease expires, and completed")
    func crashedWorkerLeaseExpires() async throws {
        try await RTFixtures.withSQLite { database in
            try await crashRecovery(database)
        }
    }

    @Test("crash recovery on PostgreSQL")
    func crashedWorkerLeaseExpiresPostgres() async throws {
        _ = try await RTFixtures.withPostgres("crashedWorkerLeaseExpiresPostgres") { database in
            try await crashRecovery(database)
        }
    }

    private func crashRecovery(_ database: Database) async throws {
        let time = RTManualTime()
        let ledger = RTJobLedger()
        var handlers = JobHandlers()
        handlers.register("test.work") { job, _ in
            ledger.begin(job.id)
            ledger.end(job.id)
        }
        let enqueued = try await enqueue(database, at: time.now)
        // The "crashed" worker claims the job and is never heard of again.
        let claimed = try await database.write { db in
            try await JobRepository().claim(
                workerID: "crashed", kinds: ["test.work"], now: time.now, lease: .seconds(30), limit: 1, on: db)
        }
        #expect(claimed.map(\.id) == [enqueued.id])
        let survivor = runner(database, handlers, time: time, worker: "survivor")
        time.advance(by: 10)
        #expect(try await survivor.runOnce() == 0)  // the lease still holds
        time.advance(by: 21)
        #expect(try await survivor.runOnce() == 1)
        let stored = try await job(database, enqueued.id)
        #expect(stored.state == .succeeded)
        #expect(stored.attempts == 2)
        #expect(ledger.runs[enqueued.id] == 1)
        // The crashed worker, should it come back, cannot complete what it no longer holds.
        await #expect(throws: SwitchboardError.self) {
            try await database.write { db in
                try await JobRepository().complete(id: enqueued.id, workerID: "crashed", on: db)
            }
        }
    }

    @Test("two runners on one PostgreSQL never run the same job twice, and run every job once")
    func twoRunnersPostgres() async throws {
        _ = try await RTFixtures.withPostgres("twoRunnersPostgres", maxConnections: 12) { database in
            let ledger = RTJobLedger()
            var handlers = JobHandlers()
            handlers.register("test.work") { job, _ in
                ledger.begin(job.id)
                // Hold the job across a few scheduler turns so overlaps would show.
                for _ in 0..<20 { await Task.yield() }
                ledger.end(job.id)
            }
            let time = RTManualTime(Date())
            var ids: [Int64] = []
            for _ in 0..<60 { ids.append(try await enqueue(database, at: time.now).id) }
            let runners = [
                runner(database, handlers, time: time, worker: "runner-1"),
                runner(database, handlers, time: time, worker: "runner-2"),
            ]
            let ran = try await withThrowingTaskGroup(of: Int.self) { group in
                for runner in runners {
                    group.addTask {
                        var total = 0
                        while true {
                            let count = try await runner.runOnce()
                            if count == 0 { return total }
                            total += count
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(ran.reduce(0, +) == ids.count)
            #expect(ledger.overlaps == 0)
            #expect(Set(ledger.runs.keys) == Set(ids))
            #expect(ledger.runs.values.allSatisfy { $0 == 1 })
            let page = try await database.read { db in
                try await JobRepository().list(state: .succeeded, limit: 100, on: db)
            }
            #expect(page.items.count == ids.count)
        }
    }

    @Test("on graceful shutdown the runner finishes the job in flight and stops claiming")
    func gracefulShutdownFinishesInFlight() async throws {
        try await RTFixtures.withSQLite { database in
            let time = RTManualTime(Date())
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let sawShutdown = Mutex(false)
            var handlers = JobHandlers()
            handlers.register("test.work") { _, _ in
                startedContinuation.yield()
                // Keep working until the shutdown has reached this task, then finish normally.
                for _ in 0..<10_000 where !Task.isShuttingDownGracefully {
                    try await Task.sleep(for: .milliseconds(5))
                }
                sawShutdown.withLock { $0 = Task.isShuttingDownGracefully }
            }
            let runner = JobRunner(
                database: database, handlers: handlers,
                settings: JobRunnerSettings(workerID: "graceful", pollInterval: .milliseconds(10), concurrency: 1),
                clock: ContinuousClock(), now: time.source, logger: RTFixtures.logger)
            let first = try await enqueue(database, at: time.now)
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(services: [runner], logger: RTFixtures.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for await _ in started { break }
                let second = try await enqueue(database, at: time.now)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                #expect(sawShutdown.withLock { $0 })
                #expect(try await job(database, first.id).state == .succeeded)
                #expect(try await job(database, second.id).state == .queued)
            }
        }
    }
}

@Suite("Job retry decision")
struct JobRetryDecisionTests {
    private func job(attempts: Int, max: Int = 5) -> Job {
        let date = Date(timeIntervalSince1970: 1_900_000_000)
        return Job(
            id: 42, accountID: 1, kind: "k", payload: nil, state: .running, attempts: attempts, maxAttempts: max,
            runAt: date, createdAt: date, updatedAt: date)
    }

    @Test("retries double the delay per attempt, within the jitter")
    func backoff() {
        let now = Date(timeIntervalSince1970: 1_900_000_000)
        let policy = RetryPolicy(base: .seconds(5), maximum: .seconds(3600))
        var previous: TimeInterval = 0
        for attempt in 1...4 {
            guard case .retry(let at) = JobRetryDecision.decide(
                job: job(attempts: attempt), error: RTFlakyError(), now: now, policy: policy)
            else {
                Issue.record("attempt \(attempt) should retry")
                return
            }
            let delay = at.timeIntervalSince(now)
            let base = 5 * pow(2, Double(attempt - 1))
            #expect(delay >= base && delay <= base * 1.2)
            #expect(delay > previous)
            previous = delay
        }
    }

    @Test("the last attempt and permanent failures are dead")
    func dead() {
        let now = Date()
        #expect(
            JobRetryDecision.decide(job: job(attempts: 5), error: RTFlakyError(), now: now, policy: .init()) == .dead)
        #expect(JobRetryDecision.decide(
            job: job(attempts: 1), error: PermanentJobFailure("no"), now: now, policy: .init()) == .dead)
        #expect(JobRetryDecision.dead.retryAt == nil)
    }

    @Test("error descriptions are short and say what failed")
    func describe() {
        #expect(JobRetryDecision.describe(PermanentJobFailure("gone")) == "gone")
        #expect(JobRetryDecision.describe(SwitchboardError(.unavailable, "db down")) == "unavailable: db down")
        #expect(JobRetryDecision.describe(PermanentJobFailure(String(repeating: "x", count: 5000))).count == 1000)
    }

    @Test("the registry runs only registered kinds, sorted")
    func registry() {
        var handlers = JobHandlers()
        handlers.register("b.kind") { _, _ in }
        handlers.register("a.kind") { _, _ in }
        #expect(handlers.kinds == ["a.kind", "b.kind"])
        #expect(handlers.handler(for: "c.kind") == nil)
    }
}
