import ArgumentParser
import SwitchboardServer

/// `switchboard serve` (the default command): runs the HTTP server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Switchboard server (the default command).",
        discussion: """
            Serves http://127.0.0.1:8080 on an embedded SQLite database by default. Pending migrations are \
            applied at start. SIGTERM or SIGINT shut down gracefully: requests in flight finish first.
            """
    )

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = CommandLogging.logger(level: settings.logLevel)
        try await CommandErrors.reporting {
            let app = try await buildApplication(settings, logger: logger)
            logger.info("starting Switchboard", metadata: [
                "switchboard.address": "http://\(settings.host):\(settings.port)",
                "switchboard.database": "\(settings.databaseURL.hasPrefix("postgres") ? "postgres" : "sqlite")",
            ])
            try await app.runService()
        }
    }
}
