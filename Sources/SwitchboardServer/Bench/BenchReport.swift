import Foundation

/// One measured figure of the HTTP benchmark, beside its ceilings.
public struct HTTPBenchRow: Sendable, Codable {
    public var database: String
    public var operation: String
    public var concurrency: Int
    public var requests: Int
    public var errors: Int
    public var firstError: String?
    public var seconds: Double
    public var throughput: Double
    public var latency: LatencySummary
    /// GET /health on the same server at the same concurrency, measured in the same run.
    public var httpCeiling: Double?
    public var fractionOfHTTPCeiling: Double?
    /// The same rows written straight through storage (ticket create only).
    public var storageCeiling: Double?
    public var fractionOfStorageCeiling: Double?
    public var serverRSSBytes: Int64?
    public var serverCPUPercent: Double?

    enum CodingKeys: String, CodingKey {
        case database, operation, concurrency, requests, errors, seconds, throughput, latency
        case firstError = "first_error"
        case httpCeiling = "http_ceiling"
        case fractionOfHTTPCeiling = "fraction_of_http_ceiling"
        case storageCeiling = "storage_ceiling"
        case fractionOfStorageCeiling = "fraction_of_storage_ceiling"
        case serverRSSBytes = "server_rss_bytes"
        case serverCPUPercent = "server_cpu_percent"
    }
}

/// The dataset scenario's figures.
public struct DatasetBenchResult: Sendable, Codable {
    public var database: String
    public var tickets: Int
    public var messages: Int
    public var events: Int
    public var contacts: Int
    public var directorySeconds: Double
    public var ticketSeconds: Double
    public var ticketsPerSecond: Double
    public var fileBytes: Int64?
    public var startToReadySeconds: Double?
    public var idleRSSBytes: Int64?

    enum CodingKeys: String, CodingKey {
        case database, tickets, messages, events, contacts
        case directorySeconds = "directory_seconds"
        case ticketSeconds = "ticket_seconds"
        case ticketsPerSecond = "tickets_per_second"
        case fileBytes = "file_bytes"
        case startToReadySeconds = "start_to_ready_seconds"
        case idleRSSBytes = "idle_rss_bytes"
    }
}

/// Everything one `switchboard bench` run measured, with the machine's state.
public struct BenchReport: Sendable, Codable {
    public var startedAt: Date
    public var loadAverageBefore: String
    public var loadAverageAfter: String
    public var cores: Int
    public var datasets: [DatasetBenchResult] = []
    public var http: [HTTPBenchRow] = []
    /// The `stream` scenario's rows (WebSocket fan-out).
    public var stream: [StreamBenchRow] = []

    enum CodingKeys: String, CodingKey {
        case datasets, http, cores, stream
        case startedAt = "started_at"
        case loadAverageBefore = "load_average_before"
        case loadAverageAfter = "load_average_after"
    }

    public init(startedAt: Date = Date()) {
        self.startedAt = startedAt
        loadAverageBefore = ProcessSampler.loadAverage()
        loadAverageAfter = loadAverageBefore
        cores = ProcessInfo.processInfo.activeProcessorCount
    }

    /// The report as pretty JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// The report as text tables.
    public func table() -> String {
        var lines = ["machine: \(cores) cores, load average \(loadAverageBefore) before, \(loadAverageAfter) after"]
        for dataset in datasets {
            lines.append("")
            lines.append("dataset (\(dataset.database)): \(dataset.tickets) tickets, \(dataset.messages) messages, "
                + "\(dataset.events) events, \(dataset.contacts) contacts")
            lines.append("  directory \(Self.fixed(dataset.directorySeconds, 2)) s; tickets "
                + "\(Self.fixed(dataset.ticketSeconds, 2)) s = \(Self.fixed(dataset.ticketsPerSecond, 0)) tickets/s")
            if let bytes = dataset.fileBytes { lines.append("  database file \(Self.megabytes(bytes)) MB") }
            if let ready = dataset.startToReadySeconds {
                lines.append("  server start to ready \(Self.fixed(ready, 3)) s")
            }
            if let rss = dataset.idleRSSBytes { lines.append("  server idle RSS \(Self.megabytes(rss)) MB") }
        }
        if !http.isEmpty {
            lines.append("")
            lines.append(["db", "operation", "conc", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors",
                          "of HTTP ceil", "of storage ceil", "RSS MB", "CPU %"]
                .map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }.joined(separator: " "))
            for row in http {
                let cells = [
                    row.database, row.operation, String(row.concurrency), Self.fixed(row.throughput, 0),
                    Self.fixed(row.latency.p50Milliseconds, 2), Self.fixed(row.latency.p95Milliseconds, 2),
                    Self.fixed(row.latency.p99Milliseconds, 2), Self.fixed(row.latency.maxMilliseconds, 1),
                    String(row.errors), row.fractionOfHTTPCeiling.map { Self.fixed($0 * 100, 1) + "%" } ?? "-",
                    row.fractionOfStorageCeiling.map { Self.fixed($0 * 100, 1) + "%" } ?? "-",
                    row.serverRSSBytes.map(Self.megabytes) ?? "-",
                    row.serverCPUPercent.map { Self.fixed($0, 0) } ?? "-",
                ]
                let padded = cells.map { $0.padding(toLength: 11, withPad: " ", startingAt: 0) }
                lines.append(padded.joined(separator: " "))
                if let error = row.firstError { lines.append("    first error: \(error.prefix(160))") }
            }
        }
        lines += StreamBenchRow.table(stream)
        return lines.joined(separator: "\n")
    }

    /// `value` with `digits` decimals.
    public static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func megabytes(_ bytes: Int64) -> String { fixed(Double(bytes) / 1_048_576, 1) }
}
