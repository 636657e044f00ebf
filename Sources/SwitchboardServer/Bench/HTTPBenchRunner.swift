import Foundation
import SwitchboardStorage

/// Runs the HTTP scenario against one server: at each concurrency, the HTTP ceiling (GET /health), the storage
/// ceiling (direct ticket creation, when a database is given), then every operation for `duration` each.
public struct HTTPBenchRunner: Sendable {
    public var databaseName: String
    public var duration: Duration
    public var concurrencies: [Int]
    public var operations: [HTTPOperation]

    public init(databaseName: String, duration: Duration, concurrencies: [Int], operations: [HTTPOperation]) {
        self.databaseName = databaseName
        self.duration = duration
        self.concurrencies = concurrencies
        self.operations = operations
    }

    /// - Parameters:
    ///   - server: samples the server process's RSS and CPU (`nil` when it cannot be read).
    ///   - database: the same database, opened by this process, for the storage ceiling (`nil` to skip it).
    public func run(
        client: HTTPBenchClient, server: ProcessSampler?, database: Database?, log: @Sendable (String) -> Void
    ) async -> [HTTPBenchRow] {
        var rows: [HTTPBenchRow] = []
        for concurrency in concurrencies {
            let healthRow = await measure(.health, concurrency: concurrency, client: client, server: server)
            rows.append(healthRow)
            log("\(databaseName) health c=\(concurrency): \(Int(healthRow.throughput)) req/s")
            var storageThroughput: Double?
            if let database, operations.contains(.ticketCreate) {
                let outcome = await StorageCeiling.createTickets(
                    database: database, targets: client.targets, workers: concurrency, duration: duration)
                var row = Self.row(databaseName, "storage_ticket_create", concurrency, outcome)
                row.fractionOfStorageCeiling = 1
                storageThroughput = row.throughput
                rows.append(row)
                log("\(databaseName) storage create c=\(concurrency): \(Int(row.throughput)) tickets/s")
            }
            for operation in operations where operation != .health {
                var row = await measure(operation, concurrency: concurrency, client: client, server: server)
                row.httpCeiling = healthRow.throughput
                row.fractionOfHTTPCeiling = healthRow.throughput > 0 ? row.throughput / healthRow.throughput : nil
                if operation == .ticketCreate, let storageThroughput, storageThroughput > 0 {
                    row.storageCeiling = storageThroughput
                    row.fractionOfStorageCeiling = row.throughput / storageThroughput
                }
                rows.append(row)
                log("\(databaseName) \(operation.rawValue) c=\(concurrency): \(Int(row.throughput)) req/s, "
                    + "p99 \(BenchReport.fixed(row.latency.p99Milliseconds, 2)) ms, errors \(row.errors)")
            }
        }
        return rows
    }

    private func measure(
        _ operation: HTTPOperation, concurrency: Int, client: HTTPBenchClient, server: ProcessSampler?
    ) async -> HTTPBenchRow {
        let cpuBefore = server?.cpuSeconds()
        let outcome = await LoadLoop.run(workers: concurrency, duration: duration) { worker, iteration in
            try await client.perform(operation, worker: worker, iteration: iteration)
        }
        var row = Self.row(databaseName, operation.rawValue, concurrency, outcome)
        if let server {
            row.serverRSSBytes = server.residentBytes()
            if let before = cpuBefore, let after = server.cpuSeconds(), outcome.elapsedSeconds > 0 {
                row.serverCPUPercent = (after - before) / outcome.elapsedSeconds * 100
            }
        }
        return row
    }

    static func row(_ database: String, _ name: String, _ concurrency: Int, _ outcome: LoadLoop.Outcome)
        -> HTTPBenchRow
    {
        let latency = LatencySummary(nanoseconds: outcome.latencies)
        return HTTPBenchRow(
            database: database, operation: name, concurrency: concurrency, requests: latency.count,
            errors: outcome.errors, firstError: outcome.firstError, seconds: outcome.elapsedSeconds,
            throughput: outcome.elapsedSeconds > 0 ? Double(latency.count) / outcome.elapsedSeconds : 0,
            latency: latency)
    }
}
