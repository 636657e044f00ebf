import Foundation
import Synchronization
import Logging
import SwitchboardStorage

/// The dataset scenario: generates an account of `spec` and bulk-loads it into a migrated database, timing the
/// directory (people and places) and the tickets separately.
public enum DatasetBench {
    /// What a load produced: the ids of the directory rows and the figures.
    public struct Loaded: Sendable {
        public var ids: BenchDirectoryIDs
        public var result: DatasetBenchResult
    }

    public static func load(
        spec: BenchDatasetSpec, databaseName: String, into database: Database, batchSize: Int = 5_000,
        logger: Logger, log: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Loaded {
        _ = try await database.migrate(logger: logger)
        let generator = DatasetGenerator(spec: spec)
        let clock = ContinuousClock()
        let started = clock.now
        let directory = generator.directory()
        let loader = BulkLoader(batchSize: batchSize)
        let ids = try await loader.loadDirectory(directory, into: database)
        let directoryDone = clock.now
        let step = max(spec.tickets / 10, batchSize)
        let reported = ProgressMark(step: step)
        let stats = try await loader.loadTickets(generator, range: 0..<spec.tickets, ids: ids, into: database) {
            done in
            if reported.passed(done) { log("\(databaseName): \(done) tickets loaded") }
        }
        let finished = clock.now
        if try await loader.analyze(database) {
            let seconds = Self.seconds(finished.duration(to: clock.now))
            log("\(databaseName): statistics gathered (ANALYZE) in \(BenchReport.fixed(seconds, 1)) s")
        }
        let ticketSeconds = Self.seconds(directoryDone.duration(to: finished))
        let result = DatasetBenchResult(
            database: databaseName, tickets: stats.tickets, messages: stats.messages, events: stats.events,
            contacts: directory.contacts.count, directorySeconds: Self.seconds(started.duration(to: directoryDone)),
            ticketSeconds: ticketSeconds,
            ticketsPerSecond: ticketSeconds > 0 ? Double(stats.tickets) / ticketSeconds : 0)
        return Loaded(ids: ids, result: result)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Says when a running count passes the next multiple of `step` (for progress lines).
final class ProgressMark: Sendable {
    private let step: Int
    private let next: Mutex<Int>

    init(step: Int) {
        self.step = max(1, step)
        self.next = Mutex(max(1, step))
    }

    func passed(_ count: Int) -> Bool {
        next.withLock { next in
            guard count >= next else { return false }
            while next <= count { next += step }
            return true
        }
    }
}
