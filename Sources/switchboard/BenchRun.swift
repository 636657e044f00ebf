import Foundation
import Logging
import SwitchboardServer
import SwitchboardStorage

/// The choices of one `switchboard bench` run.
struct BenchSettings: Sendable {
    var scenarios: Set<String>
    var databases: [String]
    var postgresURL: String?
    var spec: BenchDatasetSpec
    var duration: Duration
    var concurrencies: [Int]
    var operations: [HTTPOperation]
    /// The `stream` scenario: WebSocket client counts and posts per second.
    var streamClients: [Int] = [1, 50, 500]
    var streamRate: Double = 20
    var workDirectory: String?
    var batchSize: Int
    var keep: Bool
}

/// Runs the chosen scenarios on each database and gathers the report.
struct BenchRun: Sendable {
    let settings: BenchSettings
    let logger: Logger

    func run() async throws -> BenchReport {
        var report = BenchReport()
        let work = settings.workDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-bench-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        for name in settings.databases {
            let target = try await BenchDatabaseTarget.make(name, work: work, postgresURL: settings.postgresURL,
                                                            logger: logger)
            do {
                try await run(on: target, report: &report)
            } catch {
                if !settings.keep { await target.remove(logger: logger) }
                throw error
            }
            if !settings.keep { await target.remove(logger: logger) }
        }
        if settings.workDirectory == nil, !settings.keep { try? FileManager.default.removeItem(atPath: work) }
        report.loadAverageAfter = ProcessSampler.loadAverage()
        return report
    }

    private func run(on target: BenchDatabaseTarget, report: inout BenchReport) async throws {
        let name = target.name
        let spec = settings.spec
        let batchSize = settings.batchSize
        let logger = logger
        progress("\(name): generating and loading \(spec.tickets) tickets")
        let loaded = try await Database.with(target.location, logger: logger, maxConnections: 4) { database in
            let loaded = try await DatasetBench.load(
                spec: spec, databaseName: name, into: database, batchSize: batchSize, logger: logger,
                log: { progress($0) })
            let targets = try await BenchTargets.prepare(
                ids: loaded.ids, generator: DatasetGenerator(spec: spec), into: database)
            return (loaded, targets)
        }
        var result = loaded.0.result
        result.fileBytes = target.fileBytes()
        progress("\(name): \(result.tickets) tickets in \(BenchReport.fixed(result.ticketSeconds, 1)) s "
            + "(\(Int(result.ticketsPerSecond)) tickets/s)")
        if settings.scenarios.contains("http") {
            let client = BenchHTTPConnection(connections: (settings.concurrencies.max() ?? 1) + 4)
            do {
                let server = try await BenchServerProcess.start(
                    databaseURL: target.url, dataDirectory: target.dataDirectory, client: client)
                result.startToReadySeconds = server.startToReady
                try await Task.sleep(for: .seconds(1))
                result.idleRSSBytes = server.sampler.residentBytes()
                let runner = HTTPBenchRunner(
                    databaseName: name, duration: settings.duration, concurrencies: settings.concurrencies,
                    operations: settings.operations)
                let benchClient = HTTPBenchClient(connection: client, baseURL: server.baseURL, targets: loaded.1)
                let rows: [HTTPBenchRow]
                do {
                    rows = try await Database.with(target.location, logger: logger, maxConnections: 64) { database in
                        await runner.run(client: benchClient, server: server.sampler, database: database,
                                         log: { progress($0) })
                    }
                } catch {
                    server.stop()
                    throw error
                }
                server.stop()
                report.http += rows
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
        if settings.scenarios.contains("stream") {
            report.stream += try await runStream(on: target, targets: loaded.1)
        }
        report.datasets.append(result)
    }
}

/// Progress lines go to standard error; the report goes to standard output.
@Sendable func progress(_ line: String) {
    printToStandardError("[bench] \(line)")
}

/// A fresh database for one run: a new SQLite file, or a new PostgreSQL database.
struct BenchDatabaseTarget: Sendable {
    var name: String
    var url: String
    var location: DatabaseLocation
    var dataDirectory: String
    var sqlitePath: String?
    var postgresAdminURL: String?
    var postgresDatabase: String?

    static func make(_ name: String, work: String, postgresURL: String?, logger: Logger) async throws
        -> BenchDatabaseTarget
    {
        let dataDirectory = (work as NSString).appendingPathComponent("\(name)-data")
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if name == "sqlite" {
            let path = (dataDirectory as NSString).appendingPathComponent("bench.sqlite")
            if FileManager.default.fileExists(atPath: path) {
                throw SettingsError("\(path) exists already: remove it or choose another --work-dir")
            }
            return BenchDatabaseTarget(
                name: name, url: "sqlite://" + path, location: .sqlite(path: path), dataDirectory: dataDirectory,
                sqlitePath: path)
        }
        guard let adminURL = postgresURL, var components = URLComponents(string: adminURL) else {
            throw SettingsError("--database postgres needs --postgres-url (or SWITCHBOARD_BENCH_POSTGRES_URL)")
        }
        let database = "switchboard_bench_\(ProcessInfo.processInfo.processIdentifier)"
        try await BenchScratchDatabase.create(database, adminURL: adminURL, logger: logger)
        components.path = "/" + database
        let url = components.string ?? adminURL
        return BenchDatabaseTarget(
            name: name, url: url, location: try DatabaseLocation(url: url), dataDirectory: dataDirectory,
            postgresAdminURL: adminURL, postgresDatabase: database)
    }

    /// The size of the SQLite file (with its WAL), or of the PostgreSQL database.
    func fileBytes() -> Int64? {
        guard let sqlitePath else { return nil }
        return ["", "-wal"].compactMap { suffix in
            (try? FileManager.default.attributesOfItem(atPath: sqlitePath + suffix))?[.size] as? Int64
        }.reduce(0, +)
    }

    func remove(logger: Logger) async {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        guard let adminURL = postgresAdminURL, let database = postgresDatabase else { return }
        try? await BenchScratchDatabase.drop(database, adminURL: adminURL, logger: logger)
    }
}
