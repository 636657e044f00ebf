import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// Opt-in throughput measurements (SWITCHBOARD_STORAGE_BENCH=1). They print numbers and assert only correctness,
/// never time.
@Suite("Storage benchmark", .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_STORAGE_BENCH"] == "1"))
struct StorageBenchmarkTests {
    @Test("ticket creates, list pages and searches", arguments: TestDatabase.all)
    func throughput(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, maxConnections: 16) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let clock = ContinuousClock()
            let sequential = 300
            let start = clock.now
            for index in 0..<sequential {
                _ = try await fixture.ticket(database, subject: "Bench \(index)", body: "words \(index % 17) printer",
                                             email: "b\(index % 50)@bench.test")
            }
            let sequentialTime = clock.now - start
            let concurrent = 300
            let concurrentStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in stride(from: worker, to: concurrent, by: 8) {
                            _ = try await fixture.ticket(database, subject: "Par \(index)", body: "parallel \(index)",
                                                         email: "p\(index % 50)@bench.test")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let concurrentTime = clock.now - concurrentStart
            let readStart = clock.now
            let reads = 200
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<reads {
                    group.addTask {
                        try await database.read { db in
                            let sort = TicketSort.allCases[index % TicketSort.allCases.count]
                            return try await TicketRepository().list(TicketQuery(sort: sort, limit: 25),
                                                                     accountID: accountID, on: db).items.count
                        }
                    }
                }
                for try await count in group { #expect(count == 25) }
            }
            let readTime = clock.now - readStart
            let searchStart = clock.now
            for _ in 0..<100 {
                let hits = try await database.read { db in
                    try await SearchRepository().search(accountID: accountID, text: "printer words", on: db)
                }
                #expect(!hits.isEmpty)
            }
            let searchTime = clock.now - searchStart
            func rate(_ count: Int, _ duration: Duration) -> String {
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                return String(format: "%.0f/s", Double(count) / seconds)
            }
            print("""
                storage bench [\(kind.rawValue)]: sequential creates \(rate(sequential, sequentialTime)), \
                8-way concurrent creates \(rate(concurrent, concurrentTime)), \
                list pages (200 concurrent) \(rate(reads, readTime)), searches \(rate(100, searchTime))
                """)
        }
    }
}
