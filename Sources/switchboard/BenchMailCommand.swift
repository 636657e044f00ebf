import ArgumentParser
import Foundation
import Logging
import SwitchboardServer
import SwitchboardStorage

/// `switchboard bench mail`: the email channel's two figures — parsing speed on one core over a corpus of real
/// mail, and LMTP ingestion into a fresh database by a real `switchboard serve` process with its peak memory.
struct BenchMailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Measure email parsing (MB/s on one core) and LMTP ingestion (mails/s, server peak RSS).",
        discussion: """
            Parse: every *.eml and *.box file under --corpus (default ../shared/corpus/email when it exists, \
            else 2,000 generated mails) parsed round after round for --parse-seconds on one task. \
            Ingest: --messages generated mails (plain, text + HTML, some with a 12 KB attachment, a third replies) \
            delivered over LMTP on --connections connections to a `switchboard serve` child process on a fresh \
            database (SQLite, or PostgreSQL with --database postgres), then the stored messages are counted.
            """
    )

    @Option(help: "Directory of mail files for the parse figure.")
    var corpus: String?

    @Option(help: "Seconds the parse figure runs.")
    var parseSeconds: Double = 10

    @Option(help: "Mails the ingest figure delivers (0 skips it).")
    var messages: Int = 10_000

    @Option(help: "Parallel LMTP connections.")
    var connections: Int = 8

    @Option(help: "sqlite or postgres.")
    var database: String = "sqlite"

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        guard parseSeconds > 0 else { throw ValidationError("--parse-seconds must be positive") }
        guard (0...1_000_000).contains(messages) else { throw ValidationError("--messages must be 0…1000000") }
        guard (1...256).contains(connections) else { throw ValidationError("--connections must be 1…256") }
        guard ["sqlite", "postgres"].contains(database) else {
            throw ValidationError("--database must be sqlite or postgres")
        }
    }

    func run() async throws {
        let logger = CommandLogging.logger(level: .warning)
        try await CommandErrors.reporting {
            var report = MailBenchReport()
            let parse = parseBench()
            progress("mail: parsing \(parse.messages.count) messages from \(parse.source) for \(parseSeconds) s")
            report.parse = parse.run(duration: .milliseconds(Int64(parseSeconds * 1000)))
            if messages > 0 { report.ingest = try await ingest(logger: logger) }
            report.loadAverageAfter = ProcessSampler.loadAverage()
            print(report.table())
            try output.writeReport { try report.json() }
            if let ingest = report.ingest, ingest.failed > 0 || ingest.storedInbound != ingest.delivered {
                printToStandardError("error: \(ingest.failed) deliveries failed, \(ingest.storedInbound) of "
                    + "\(ingest.delivered) accepted mails stored")
                throw ExitCode.failure
            }
        }
    }

    private func parseBench() -> MailParseBench {
        let directory = corpus ?? "../shared/corpus/email"
        if let bench = MailParseBench.corpus(directory: directory) { return bench }
        if corpus != nil { printToStandardError("warning: no *.eml or *.box files under \(directory); generating") }
        let generated = MailBenchGenerator(count: 2_000, recipient: MailIngestBench.recipient).messages()
        return MailParseBench(source: "generated", messages: generated)
    }

    private func ingest(logger: Logger) async throws -> MailIngestBenchResult {
        let work = output.workDir ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-bench-mail-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let target = try await BenchDatabaseTarget.make(
            database, work: work,
            postgresURL: output.resolvedPostgresURL,
            logger: logger)
        defer {
            if !output.keep, output.workDir == nil { try? FileManager.default.removeItem(atPath: work) }
        }
        do {
            let result = try await ingest(into: target, logger: logger)
            if !output.keep { await target.remove(logger: logger) }
            return result
        } catch {
            if !output.keep { await target.remove(logger: logger) }
            throw error
        }
    }

    private func ingest(into target: BenchDatabaseTarget, logger: Logger) async throws -> MailIngestBenchResult {
        let bench = MailIngestBench(messages: messages, connections: connections)
        return try await Database.with(target.location, logger: logger, maxConnections: 4) { database in
            _ = try await database.migrate(logger: logger)
            let accountID = try await MailIngestBench.prepare(database)
            let lmtpPort = try BenchServerProcess.freePort()
            let client = BenchHTTPConnection(connections: 2)
            do {
                let server = try await BenchServerProcess.start(
                    databaseURL: target.url, dataDirectory: target.dataDirectory, client: client,
                    environment: ["SWITCHBOARD_SMTP_PORT": String(lmtpPort), "SWITCHBOARD_SMTP_PROTOCOL": "lmtp"])
                progress("mail: delivering \(messages) mails over LMTP on \(connections) connections")
                let result: MailIngestBenchResult
                do {
                    result = try await bench.run(
                        lmtpPort: lmtpPort, database: database, accountID: accountID, server: server.sampler,
                        databaseName: target.name)
                } catch {
                    server.stop()
                    throw error
                }
                server.stop()
                try await client.shutdown()
                return result
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}

/// Everything `switchboard bench mail` measured, with the machine's state.
struct MailBenchReport: Codable {
    var startedAt = Date()
    var loadAverageBefore = ProcessSampler.loadAverage()
    var loadAverageAfter = ""
    var cores = ProcessInfo.processInfo.activeProcessorCount
    var parse: MailParseBenchResult?
    var ingest: MailIngestBenchResult?

    enum CodingKeys: String, CodingKey {
        case cores, parse, ingest
        case startedAt = "started_at"
        case loadAverageBefore = "load_average_before"
        case loadAverageAfter = "load_average_after"
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    func table() -> String {
        let fixed = BenchReport.fixed
        var lines = ["machine: \(cores) cores, load average \(loadAverageBefore) before, \(loadAverageAfter) after"]
        if let parse {
            lines.append("parse (\(parse.source)): \(parse.distinctMessages) messages × \(parse.rounds) rounds, "
                + "\(parse.refused) refused; \(fixed(parse.messagesPerSecond, 0)) messages/s, "
                + "\(fixed(parse.megabytesPerSecond, 1)) MB/s on one core")
        }
        if let ingest {
            lines.append("ingest (\(ingest.database), LMTP, \(ingest.connections) connections): "
                + "\(ingest.delivered) of \(ingest.messages) delivered, \(ingest.failed) failed, "
                + "\(ingest.storedInbound) stored; \(fixed(ingest.mailsPerSecond, 0)) mails/s; latency p50 "
                + "\(fixed(ingest.latency.p50Milliseconds, 1)) ms, p95 \(fixed(ingest.latency.p95Milliseconds, 1)) "
                + "ms, p99 \(fixed(ingest.latency.p99Milliseconds, 1)) ms")
            let rss = ingest.serverPeakRSSBytes.map { fixed(Double($0) / 1_048_576, 1) + " MB" } ?? "-"
            let cpu = ingest.serverCPUPercent.map { fixed($0, 0) + " %" } ?? "-"
            lines.append("  server peak RSS \(rss), CPU \(cpu)")
            for error in ingest.firstErrors { lines.append("  error: \(error.prefix(160))") }
        }
        return lines.joined(separator: "\n")
    }
}
