import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Jobs")
struct JobRepositoryTests {
    @Test("claim, complete, retry, dead after max attempts", arguments: TestDatabase.all)
    func lifecycle(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let jobs = JobRepository()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let (mail, later, hook) = try await database.write { db in
                (
                    try await jobs.enqueue(accountID: nil, kind: "mail.send", payload: ["to": "a@b.c"], runAt: start,
                                           maxAttempts: 2, on: db),
                    try await jobs.enqueue(accountID: nil, kind: "mail.send", payload: [:],
                                           runAt: start.addingTimeInterval(3600), on: db),
                    try await jobs.enqueue(accountID: nil, kind: "webhook.deliver", payload: [:], runAt: start, on: db)
                )
            }
            #expect(mail.state == .queued)
            let claimed = try await database.write { db in
                try await jobs.claim(workerID: "w1", kinds: ["mail.send"], now: start, lease: .seconds(30), limit: 10,
                                     on: db)
            }
            #expect(claimed.map(\.id) == [mail.id])
            #expect(claimed[0].state == .running)
            #expect(claimed[0].attempts == 1)
            #expect(claimed[0].lockedBy == "w1")
            #expect(claimed[0].lockedUntil.map { abs($0.timeIntervalSince(start) - 30) < 0.001 } == true)
            #expect(claimed[0].payload["to"] == "a@b.c")
            // Running jobs with a live lease are not claimed again.
            #expect(try await database.write { db in
                try await jobs.claim(workerID: "w2", kinds: ["mail.send"], now: start.addingTimeInterval(10),
                                     lease: .seconds(30), on: db)
            }.isEmpty)

            let retried = try await database.write { db in
                try await jobs.fail(id: mail.id, workerID: "w1", error: "421 try later",
                                    retryAt: start.addingTimeInterval(60), on: db)
            }
            #expect(retried.state == .queued)
            #expect(retried.lastError == "421 try later")
            await expectError(.conflict) {
                try await database.write { db in try await jobs.complete(id: mail.id, workerID: "w1", on: db) }
            }
            let second = try await database.write { db in
                try await jobs.claim(workerID: "w2", kinds: nil, now: start.addingTimeInterval(61), lease: .seconds(30),
                                     limit: 10, on: db)
            }
            #expect(second.map(\.id) == [hook.id, mail.id])  // by run_at: the hook was due first
            #expect(second.first { $0.id == mail.id }?.attempts == 2)
            let dead = try await database.write { db in
                try await jobs.fail(id: mail.id, workerID: "w2", error: "still failing",
                                    retryAt: start.addingTimeInterval(120), on: db)
            }
            #expect(dead.state == .dead)
            let permanent = try await database.write { db in
                try await jobs.fail(id: hook.id, workerID: "w2", error: "410 gone", retryAt: nil, on: db)
            }
            #expect(permanent.state == .dead)
            #expect(permanent.attempts == 1)

            let third = try await database.write { db in
                try await jobs.claim(workerID: "w3", now: start.addingTimeInterval(3600), lease: .seconds(30), on: db)
            }
            #expect(third.map(\.id) == [later.id])
            try await database.write { db in
                try await jobs.extendLease(id: later.id, workerID: "w3", until: start.addingTimeInterval(7200), on: db)
                try await jobs.complete(id: later.id, workerID: "w3", on: db)
            }
            #expect(try await database.read { db in try await jobs.get(id: later.id, on: db) }?.state == .succeeded)
            await expectError(.conflict) {
                try await database.write { db in
                    try await jobs.extendLease(id: later.id, workerID: "w3", until: start, on: db)
                }
            }
            let deadList = try await database.read { db in try await jobs.list(state: .dead, on: db) }
            #expect(deadList.items.map(\.id) == [mail.id, hook.id])
            #expect(deadList.nextCursor == nil)
            let paged = try await database.read { db in try await jobs.list(limit: 2, on: db) }
            #expect(paged.items.count == 2)
            #expect(paged.nextCursor == String(paged.items[1].id))
        }
    }

    @Test("an expired lease is reclaimed; on the last attempt it goes dead", arguments: TestDatabase.all)
    func expiredLease(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let jobs = JobRepository()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let job = try await database.write { db in
                try await jobs.enqueue(accountID: nil, kind: "sla.check", payload: [:], runAt: start, maxAttempts: 2,
                                       on: db)
            }
            _ = try await database.write { db in
                try await jobs.claim(workerID: "crashed", now: start, lease: .seconds(10), on: db)
            }
            let reclaimed = try await database.write { db in
                try await jobs.claim(workerID: "rescuer", now: start.addingTimeInterval(11), lease: .seconds(10),
                                     on: db)
            }
            #expect(reclaimed.map(\.id) == [job.id])
            #expect(reclaimed[0].attempts == 2)
            #expect(reclaimed[0].lockedBy == "rescuer")
            await expectError(.conflict) {
                try await database.write { db in try await jobs.complete(id: job.id, workerID: "crashed", on: db) }
            }
            // The rescuer crashes too: no attempts left, so the job is dead, not claimed a third time.
            let none = try await database.write { db in
                try await jobs.claim(workerID: "third", now: start.addingTimeInterval(30), lease: .seconds(10), on: db)
            }
            #expect(none.isEmpty)
            #expect(try await database.read { db in try await jobs.get(id: job.id, on: db) }?.state == .dead)
        }
    }

    @Test("concurrent claimers never get the same job", arguments: TestDatabase.all)
    func concurrentClaims(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, maxConnections: 10) { database in
            let jobs = JobRepository()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            try await database.write { db in
                for index in 0..<60 {
                    _ = try await jobs.enqueue(accountID: nil, kind: "k", payload: ["n": .number(Double(index))],
                                               runAt: start, on: db)
                }
            }
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await database.write { db in
                                try await jobs.claim(workerID: "w\(worker)", now: start, lease: .seconds(60), limit: 3,
                                                     on: db)
                            }
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 60)
            #expect(Set(claimed).count == 60)
        }
    }
}
