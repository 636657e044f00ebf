import ArgumentParser
import SwitchboardServer

/// `switchboard migrate [--dry-run]`: applies (or lists) pending database migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (or list them with --dry-run)."
    )

    @OptionGroup var options: ServerOptions

    @Flag(help: "Only list the pending migrations; change nothing.")
    var dryRun = false

    func run() async throws {
        let settings = try options.settings()
        let logger = CommandLogging.logger(level: .warning)
        let names = try await CommandErrors.reporting {
            try await AdminOperations.migrate(settings: settings, dryRun: dryRun, logger: logger)
        }
        if names.isEmpty {
            print("The database is up to date.")
        } else {
            print(dryRun ? "Pending migrations:" : "Applied migrations:")
            for name in names { print("  \(name)") }
        }
    }
}
