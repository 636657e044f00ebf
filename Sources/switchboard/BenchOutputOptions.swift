import ArgumentParser
import Foundation

/// Where a bench run keeps its databases and writes its report: the options `bench run` and `bench mail` share.
struct BenchOutputOptions: ParsableArguments {
    @Option(help: "A PostgreSQL URL whose user may create databases (or SWITCHBOARD_BENCH_POSTGRES_URL).")
    var postgresURL: String?

    @Option(help: "Directory for the SQLite files and server data (default: a new temporary directory).")
    var workDir: String?

    @Option(help: "Write the report as JSON to this file.")
    var json: String?

    @Flag(help: "Keep the databases and files after the run.")
    var keep = false

    /// `--postgres-url`, else `SWITCHBOARD_BENCH_POSTGRES_URL`.
    var resolvedPostgresURL: String? {
        postgresURL ?? ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_POSTGRES_URL"]
    }

    /// Writes `data` to `--json` when it was given, and says so on standard error.
    func writeReport(_ data: () throws -> Data) throws {
        guard let json else { return }
        try data().write(to: URL(fileURLWithPath: json))
        printToStandardError("wrote \(json)")
    }
}
