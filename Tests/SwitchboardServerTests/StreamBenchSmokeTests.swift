import Foundation
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

/// A tiny `switchboard bench --scenario stream` on each database: a small generated dataset, the real server on a
/// socket, a few WebSocket clients on `/api/v1/stream` while the writer posts replies and notes for half a second.
/// It asserts that every posted message reached every client exactly once, never timings.
@Suite("Stream bench smoke")
struct StreamBenchSmokeTests {
    static var logger: Logger { BenchSmoke.logger("switchboard.tests.stream-bench") }

    @Test("every posted message reaches every WebSocket client once", arguments: TestBackend.all)
    func smoke(_ backend: TestBackend) async throws {
        let logger = Self.logger
        try await BenchSmoke.withScratchDatabase(backend, logger: logger) { scratch in
            try await Self.run(backend, scratch: scratch, logger: logger)
        }
    }

    static func run(_ backend: TestBackend, scratch: ScratchDatabase, logger: Logger) async throws {
        let spec = BenchDatasetSpec(tickets: 300, seed: 5, end: Date(), longThreadMessages: 20)
        let location = try DatabaseLocation(url: scratch.url)
        let targets = try await BenchSmoke.loadDataset(
            spec, backend: backend, location: location, batchSize: 100, logger: logger
        ).targets
        #expect(!targets.replyTicketIDs.isEmpty)

        let rows = try await BenchSmoke.withLiveServer(on: scratch, logger: logger) { port, connection in
            let runner = StreamBenchRunner(
                databaseName: backend.rawValue, clientCounts: [1, 4], rate: 30, duration: .milliseconds(500),
                drainTimeout: .seconds(20))
            return await runner.run(
                host: "127.0.0.1", port: port, connection: connection, targets: targets,
                server: ProcessSampler(pid: getpid()), log: { _ in })
        }

        #expect(rows.map(\.clients) == [1, 4])
        var posted = 0
        for row in rows {
            #expect(row.isComplete, "clients=\(row.clients): \(row.firstError ?? "")")
            #expect(row.connectedClients == row.clients)
            #expect(row.posts == 15)
            #expect(row.postErrors == 0, "\(row.firstError ?? "")")
            #expect(row.expectedDeliveries == row.posts * row.clients)
            #expect(row.deliveredDeliveries == row.expectedDeliveries)
            #expect(row.lostDeliveries == 0)
            #expect(row.duplicateDeliveries == 0)
            #expect(row.sendToArrival.count == row.expectedDeliveries)
            #expect(row.eventFrames >= row.expectedDeliveries)
            #expect(row.sendToArrival.p50Milliseconds <= row.sendToArrival.p99Milliseconds)
            #expect(row.sendToArrival.p99Milliseconds <= row.sendToArrival.maxMilliseconds)
            #expect(row.postLatency.count == row.posts)
            #expect(row.serverRSSBytes ?? 0 > 0)
            posted += row.posts
        }
        let expectedPosts = posted
        try await Database.with(location, logger: logger, maxConnections: 2) { database in
            try await database.read { db in
                let count = try await db.raw("""
                    SELECT COUNT(*) AS n FROM messages WHERE text LIKE 'Stream bench message %'
                    """).first(decodingColumn: "n", as: Int.self)
                #expect(count == expectedPosts)
            }
        }
    }

    @Test("deliveries are joined per client: lost and duplicate ones are counted")
    func summaryCountsLostAndDuplicates() {
        let clock = ContinuousClock()
        let start = clock.now
        let posts = [
            StreamPost(messageID: 10, sentAt: start, answeredAt: start.advanced(by: .milliseconds(4))),
            StreamPost(messageID: 11, sentAt: start, answeredAt: start.advanced(by: .milliseconds(4))),
            StreamPost(messageID: nil, sentAt: start, answeredAt: nil, error: "POST replies: 500"),
        ]
        func arrival(_ message: Int64?, _ milliseconds: Int) -> StreamArrival {
            StreamArrival(eventID: 100 + (message ?? 0), type: message == nil ? "ticket.updated" : "message.created",
                          messageID: message, at: start.advanced(by: .milliseconds(milliseconds)))
        }
        let arrivals = [
            [arrival(10, 3), arrival(nil, 3), arrival(11, 6)],
            [arrival(10, 5), arrival(10, 5)],
        ]
        let row = StreamBenchRow.summarize(
            database: "test", clients: 2, posts: posts, arrivals: arrivals, writingSeconds: 1, seconds: 1)
        #expect(row.postErrors == 1)
        #expect(row.firstError == "POST replies: 500")
        #expect(row.expectedDeliveries == 4)
        #expect(row.deliveredDeliveries == 3)
        #expect(row.lostDeliveries == 1)
        #expect(row.duplicateDeliveries == 1)
        #expect(row.eventFrames == 5)
        #expect(row.arrivedBeforeResponse == 1)
        #expect(row.sendToArrival.maxMilliseconds == 6)
        #expect(row.responseToArrival.maxMilliseconds == 2)
        #expect(!row.isComplete)
    }
}
