import Foundation

/// Latencies of one measured run, with percentiles read from the sorted samples (every sample is kept).
public struct LatencySummary: Sendable, Codable, Equatable {
    public var count: Int
    public var p50Milliseconds: Double
    public var p95Milliseconds: Double
    public var p99Milliseconds: Double
    public var maxMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case count
        case p50Milliseconds = "p50_ms"
        case p95Milliseconds = "p95_ms"
        case p99Milliseconds = "p99_ms"
        case maxMilliseconds = "max_ms"
    }

    /// The summary of `nanoseconds` (any order); zeros when empty.
    public init(nanoseconds: [UInt64]) {
        let sorted = nanoseconds.sorted()
        count = sorted.count
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            // Nearest rank: the smallest sample with at least `fraction` of the samples at or below it.
            let rank = max(1, Int((fraction * Double(sorted.count)).rounded(.up)))
            return Double(sorted[min(rank, sorted.count) - 1]) / 1_000_000
        }
        p50Milliseconds = percentile(0.50)
        p95Milliseconds = percentile(0.95)
        p99Milliseconds = percentile(0.99)
        maxMilliseconds = Double(sorted.last ?? 0) / 1_000_000
    }
}

/// Runs `workers` loops of `operation` until `duration` has passed and collects every latency and error.
public enum LoadLoop {
    /// What one timed run produced.
    public struct Outcome: Sendable {
        public var latencies: [UInt64]
        public var errors: Int
        public var firstError: String?
        public var elapsedSeconds: Double
    }

    /// `operation(worker, iteration)` returns normally for a correct answer and throws for a wrong one.
    public static func run(
        workers: Int, duration: Duration, maxIterations: Int = .max,
        _ operation: @escaping @Sendable (Int, Int) async throws -> Void
    ) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: duration)
        let results = await withTaskGroup(of: ([UInt64], Int, String?).self) { group in
            for worker in 0..<max(1, workers) {
                group.addTask {
                    var latencies: [UInt64] = []
                    var errors = 0
                    var firstError: String?
                    var iteration = 0
                    while clock.now < deadline, iteration < maxIterations {
                        let began = clock.now
                        do {
                            try await operation(worker, iteration)
                            let elapsed = began.duration(to: clock.now)
                            latencies.append(UInt64(elapsed.components.seconds) * 1_000_000_000
                                             + UInt64(elapsed.components.attoseconds / 1_000_000_000))
                        } catch {
                            errors += 1
                            if firstError == nil { firstError = String(describing: error) }
                        }
                        iteration += 1
                    }
                    return (latencies, errors, firstError)
                }
            }
            var all: [UInt64] = []
            var errors = 0
            var firstError: String?
            for await (latencies, failed, message) in group {
                all += latencies
                errors += failed
                if firstError == nil { firstError = message }
            }
            return (all, errors, firstError)
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Outcome(latencies: results.0, errors: results.1, firstError: results.2, elapsedSeconds: seconds)
    }
}
