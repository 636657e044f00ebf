import ArgumentParser
import Logging
import SwitchboardServer

/// The options every command shares to find the server's settings and database.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (SWITCHBOARD_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port (SWITCHBOARD_PORT; default 8080).")
    var port: Int?

    @Option(help: "Data directory for the SQLite file and attachments (SWITCHBOARD_DATA_DIR; default ./switchboard-data).")
    var dataDir: String?

    @Option(help: "sqlite://PATH or postgres://user:pass@host:port/db (SWITCHBOARD_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (SWITCHBOARD_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "A config file: a JSON object or `key = value` lines (SWITCHBOARD_CONFIG).")
    var config: String?

    /// The settings: these flags > environment > config file > defaults.
    func settings() throws -> ServerSettings {
        var flags: [String: String] = [:]
        flags["host"] = host
        flags["port"] = port.map(String.init)
        flags["data_dir"] = dataDir
        flags["database_url"] = databaseURL
        flags["log_level"] = logLevel
        do {
            return try ServerSettings.load(flags: flags, configFile: config)
        } catch let error as SettingsError {
            throw ValidationError(error.message)
        }
    }
}

/// Sets up logging once per process: human-readable lines on standard error.
enum CommandLogging {
    static func logger(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in LazyMetadataLogHandler.standardError(label: label, level: level) }
        var logger = Logger(label: "switchboard")
        logger.logLevel = level
        return logger
    }
}
