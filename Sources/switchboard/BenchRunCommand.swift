import ArgumentParser
import Foundation
import Logging
import SwitchboardServer
import SwitchboardStorage

/// `switchboard bench [run]`: generates a realistic account, bulk-loads it, and load-tests a real server process
/// against the machine's own ceilings (GET /health for HTTP, direct storage writes for ticket creation). The default
/// subcommand of ``BenchCommand``. Use a release build.
struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Bulk-load a generated help desk, then load-test a server against it (the default).",
        discussion: """
            Scenarios: `dataset` (generate and bulk-load N tickets; reports tickets/s, file size, and with `http` \
            the server's start-to-ready time and idle RSS) and `http` (spawns `switchboard serve` on a free port \
            and runs ticket create, inbox first and deep page, ticket show, search common and rare word, reply, \
            each at every concurrency for --duration seconds, beside GET /health and direct storage writes) and \
            `stream` (spawns a server, connects each of --stream-clients WebSocket clients to /api/v1/stream, \
            posts --stream-rate replies and notes per second for --duration seconds, and times every event's \
            arrival at every client; lost events fail the run). \
            `http` and `stream` need the dataset, so they always load it first. Every run uses a fresh database: a new SQLite \
            file under --work-dir, or a new PostgreSQL database created through --postgres-url (dropped after \
            unless --keep). `switchboard bench mail` measures the email channel.
            """
    )

    @Option(help: "Comma-separated scenarios: dataset, http, stream.")
    var scenario: String = "dataset,http"

    @Option(help: "sqlite, postgres or both.")
    var database: String = "sqlite"

    @Option(help: "Tickets to generate.")
    var tickets: Int = 1_000_000

    @Option(help: "Seconds each measured run lasts.")
    var duration: Double = 10

    @Option(help: "Comma-separated concurrencies.")
    var concurrency: String = "1,16,64"

    @Option(help: "Comma-separated HTTP operations (default all): \(BenchRunCommand.operationNames).")
    var operations: String?

    @Option(help: "Comma-separated WebSocket client counts of the stream scenario.")
    var streamClients: String = "1,50,500"

    @Option(help: "Messages posted per second during the stream scenario.")
    var streamRate: Double = 20

    @Option(help: "Random seed of the dataset.")
    var seed: UInt64 = 42

    @Option(help: "Tickets per bulk-load transaction.")
    var batchSize: Int = 5_000

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        guard tickets >= 10 else { throw ValidationError("--tickets must be at least 10") }
        guard duration > 0 else { throw ValidationError("--duration must be positive") }
        _ = try parsedScenarios()
        _ = try parsedConcurrencies()
        _ = try parsedOperations()
        _ = try parsedDatabases()
        _ = try parsedStreamClients()
        guard streamRate > 0, streamRate <= 10_000 else { throw ValidationError("--stream-rate: from 0 to 10000") }
    }

    func run() async throws {
        let logger = CommandLogging.logger(level: .warning)
        let settings = BenchSettings(
            scenarios: try parsedScenarios(), databases: try parsedDatabases(),
            postgresURL: output.resolvedPostgresURL,
            spec: BenchDatasetSpec(tickets: tickets, seed: seed, end: Date()),
            duration: .milliseconds(Int64(duration * 1000)), concurrencies: try parsedConcurrencies(),
            operations: try parsedOperations(), streamClients: try parsedStreamClients(), streamRate: streamRate,
            workDirectory: output.workDir, batchSize: batchSize, keep: output.keep)
        try await CommandErrors.reporting {
            let report = try await BenchRun(settings: settings, logger: logger).run()
            print(report.table())
            try output.writeReport { try report.json() }
            let failed = report.http.reduce(0) { $0 + $1.errors }
            if failed > 0 {
                printToStandardError("error: \(failed) requests failed (see first_error in the report)")
                throw ExitCode.failure
            }
            if let incomplete = report.stream.first(where: { !$0.isComplete }) {
                printToStandardError("error: stream with \(incomplete.clients) clients lost events or failed "
                    + "(\(incomplete.lostDeliveries) lost; see first_error in the report)")
                throw ExitCode.failure
            }
        }
    }

    private func parsedScenarios() throws -> Set<String> {
        let names = Set(Self.list(scenario))
        let unknown = names.subtracting(["dataset", "http", "stream"])
        guard unknown.isEmpty, !names.isEmpty else {
            throw ValidationError(
                "--scenario: unknown \(unknown.sorted().joined(separator: ", ")); use dataset, http, stream")
        }
        return names
    }

    private func parsedDatabases() throws -> [String] {
        switch database {
        case "sqlite", "postgres": return [database]
        case "both": return ["sqlite", "postgres"]
        default: throw ValidationError("--database must be sqlite, postgres or both")
        }
    }

    private func parsedConcurrencies() throws -> [Int] {
        let values = Self.list(concurrency).map { Int($0) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 1_024 }) else {
            throw ValidationError("--concurrency: comma-separated numbers from 1 to 1024")
        }
        return values.compactMap { $0 }
    }

    private func parsedStreamClients() throws -> [Int] {
        let values = Self.list(streamClients).map { Int($0) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 5_000 }) else {
            throw ValidationError("--stream-clients: comma-separated numbers from 1 to 5000")
        }
        return values.compactMap { $0 }
    }

    private func parsedOperations() throws -> [HTTPOperation] {
        guard let operations else { return HTTPOperation.measured }
        return try Self.list(operations).map { name in
            guard let operation = HTTPOperation(rawValue: name), operation != .health else {
                throw ValidationError("--operations: unknown \(name)")
            }
            return operation
        }
    }

    static let operationNames = HTTPOperation.measured.map(\.rawValue).joined(separator: ", ")

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
