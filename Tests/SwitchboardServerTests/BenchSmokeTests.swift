import Foundation
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardServer
import SwitchboardStorage
import Testing

/// A tiny `switchboard bench` on each database: bulk-loads 2,000 generated tickets, starts the real server on a
/// socket, and runs every HTTP operation plus both ceilings through the load generator for about a second each.
/// It asserts correctness (no errors, every request type ran, the rows add up), never timings.
@Suite("Bench smoke")
struct BenchSmokeTests {
    static var logger: Logger { BenchSmoke.logger("switchboard.tests.bench") }

    @Test("dataset and HTTP scenarios run without errors", arguments: TestBackend.all)
    func smoke(_ backend: TestBackend) async throws {
        let logger = Self.logger
        try await BenchSmoke.withScratchDatabase(backend, logger: logger) { scratch in
            try await Self.run(backend, scratch: scratch, logger: logger)
        }
    }

    static func run(_ backend: TestBackend, scratch: ScratchDatabase, logger: Logger) async throws {
        let spec = BenchDatasetSpec(tickets: 2_000, seed: 3, end: Date(), longThreadMessages: 200)
        let location = try DatabaseLocation(url: scratch.url)
        let (loaded, targets) = try await BenchSmoke.loadDataset(
            spec, backend: backend, location: location, batchSize: 700, logger: logger)
        #expect(loaded.result.tickets == 2_000)
        #expect(loaded.result.messages > 2_000 * 2)
        #expect(loaded.result.events > loaded.result.messages)
        #expect(targets.longThreadMessages == 200)
        #expect(targets.deepCursor != nil)
        #expect(!targets.replyTicketIDs.isEmpty)

        let rows = try await BenchSmoke.withLiveServer(on: scratch, logger: logger) { port, connection in
            let benchClient = HTTPBenchClient(connection: connection, baseURL: "http://127.0.0.1:\(port)",
                                              targets: targets)
            let runner = HTTPBenchRunner(
                databaseName: backend.rawValue, duration: .milliseconds(700), concurrencies: [1, 4],
                operations: HTTPOperation.measured)
            return try await Database.with(location, logger: logger, maxConnections: 8) { database in
                await runner.run(client: benchClient, server: ProcessSampler(pid: getpid()), database: database,
                                 log: { _ in })
            }
        }

        for concurrency in [1, 4] {
            let names = Set(rows.filter { $0.concurrency == concurrency }.map(\.operation))
            #expect(names == Set(HTTPOperation.allCases.map(\.rawValue) + ["storage_ticket_create"]))
        }
        for row in rows {
            #expect(row.errors == 0, "\(row.operation) c=\(row.concurrency): \(row.firstError ?? "")")
            #expect(row.requests > 0, "\(row.operation) c=\(row.concurrency) sent requests")
            #expect(row.latency.p50Milliseconds <= row.latency.p99Milliseconds)
            #expect(row.latency.p99Milliseconds <= row.latency.maxMilliseconds)
            if row.operation != "health", row.operation != "storage_ticket_create" {
                #expect(row.fractionOfHTTPCeiling != nil)
                #expect(row.serverRSSBytes ?? 0 > 0)
            }
        }
        let created = rows.filter { $0.operation == "ticket_create" || $0.operation == "storage_ticket_create" }
            .reduce(0) { $0 + $1.requests }
        let replies = rows.filter { $0.operation == "reply" }.reduce(0) { $0 + $1.requests }
        try await Database.with(location, logger: logger, maxConnections: 2) { database in
            try await database.read { db in
                let tickets = try await db.raw("SELECT COUNT(*) AS n FROM tickets")
                    .first(decodingColumn: "n", as: Int.self)
                #expect(tickets == 2_000 + created)
                let counts = try await TicketCounterRepository().counts(accountID: targets.accountID, on: db)
                #expect(counts.byStatus.values.reduce(0, +) == 2_000 + created)
                let outbound = try await db.raw("""
                    SELECT COUNT(*) AS n FROM messages WHERE text LIKE 'Thanks for waiting, I have checked%'
                    """).first(decodingColumn: "n", as: Int.self)
                #expect(outbound == replies)
            }
        }
    }

    @Test("percentiles come from the sorted samples")
    func percentiles() {
        let summary = LatencySummary(nanoseconds: (1...100).map { UInt64($0) * 1_000_000 }.shuffled())
        #expect(summary.count == 100)
        #expect(summary.p50Milliseconds == 50)
        #expect(summary.p95Milliseconds == 95)
        #expect(summary.p99Milliseconds == 99)
        #expect(summary.maxMilliseconds == 100)
        #expect(LatencySummary(nanoseconds: []).p99Milliseconds == 0)
    }
}
