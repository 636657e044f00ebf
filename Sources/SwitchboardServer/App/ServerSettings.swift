import Foundation
import Logging

/// Everything the server needs to know to start, with defaults that run a local instance.
///
/// Read by ``ServerSettings/load(flags:environment:configFile:)`` from, highest precedence first:
/// command-line flags, environment variables `SWITCHBOARD_<KEY>` (upper-cased key), an optional config file
/// (`--config FILE` or `SWITCHBOARD_CONFIG`; JSON object or `key = value` lines), then the defaults below.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `host` | `127.0.0.1` | address to listen on |
/// | `port` | `8080` | TCP port (0 picks a free port) |
/// | `data_dir` | `./switchboard-data` | where the SQLite file and attachments live |
/// | `database_url` | `sqlite://<data_dir>/switchboard.sqlite` | `sqlite://…`, a file path, or `postgres://user:pass@host:port/db` |
/// | `database_max_connections` | `20` | PostgreSQL pool size (SQLite: readers = a quarter of it, 2–16) |
/// | `attachments_dir` | `<data_dir>/attachments` | attachment files, stored by content hash |
/// | `max_body_bytes` | `10485760` (10 MiB) | largest accepted request body; larger → 413 |
/// | `log_level` | `info` | `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical` |
/// | `secure_cookies` | `false` | mark the session cookie `Secure` (set when users reach the server over HTTPS) |
/// | `trust_proxy` | `false` | honour `X-Forwarded-For` / `X-Forwarded-Proto` from a reverse proxy |
/// | `bcrypt_cost` | `11` | bcrypt work factor for new passwords (10–14) |
/// | `session_ttl_hours` | `336` | lifetime of a web session (14 days) |
/// | `login_window_minutes` | `15` | window for counting failed logins |
/// | `login_max_failures_per_email` | `5` | failed logins per email within the window before 429 |
/// | `login_max_failures_per_ip` | `20` | failed logins per client address within the window before 429 |
///
/// The email channel's keys (``EmailSettings/keys``: `smtp_port`, `smtp_relay_host`, `mail_auto_ack`, …) are
/// accepted from the same sources with the same precedence and kept in ``emailValues`` for ``EmailSettings``.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var databaseURL: String
    public var databaseMaxConnections: Int
    public var attachmentsDirectory: String
    public var maxBodyBytes: Int
    public var logLevel: Logger.Level
    public var secureCookies: Bool
    public var trustProxy: Bool
    public var bcryptCost: Int
    public var sessionTTL: Duration
    public var loginWindow: Duration
    public var loginMaxFailuresPerEmail: Int
    public var loginMaxFailuresPerAddress: Int
    /// The email channel's settings as given (config file, environment or flags), by key; validated by
    /// ``EmailSettings/load(dataDirectory:values:environment:)``.
    public var emailValues: [String: String]

    /// Settings with every default; `dataDirectory` decides the database and attachment locations.
    public init(dataDirectory: String = ServerSettings.defaultDataDirectory) {
        self.host = "127.0.0.1"
        self.port = 8080
        self.dataDirectory = dataDirectory
        self.databaseURL = ServerSettings.defaultDatabaseURL(dataDirectory: dataDirectory)
        self.databaseMaxConnections = 20
        self.attachmentsDirectory = (dataDirectory as NSString).appendingPathComponent("attachments")
        self.maxBodyBytes = 10 * 1024 * 1024
        self.logLevel = .info
        self.secureCookies = false
        self.trustProxy = false
        self.bcryptCost = 11
        self.sessionTTL = .seconds(336 * 3600)
        self.loginWindow = .seconds(15 * 60)
        self.loginMaxFailuresPerEmail = 5
        self.loginMaxFailuresPerAddress = 20
        self.emailValues = [:]
    }

    /// `./switchboard-data`
    public static let defaultDataDirectory = "./switchboard-data"

    /// `sqlite://<dataDirectory>/switchboard.sqlite`
    public static func defaultDatabaseURL(dataDirectory: String) -> String {
        "sqlite://" + (dataDirectory as NSString).appendingPathComponent("switchboard.sqlite")
    }

    /// Every key the settings understand, in the order of the table above.
    public static let keys: [String] = [
        "host", "port", "data_dir", "database_url", "database_max_connections", "attachments_dir", "max_body_bytes", "log_level",
        "secure_cookies", "trust_proxy", "bcrypt_cost", "session_ttl_hours", "login_window_minutes",
        "login_max_failures_per_email", "login_max_failures_per_ip",
    ]

    /// The environment variable for a key: `SWITCHBOARD_` + the key upper-cased.
    public static func environmentName(for key: String) -> String { "SWITCHBOARD_" + key.uppercased() }
}
