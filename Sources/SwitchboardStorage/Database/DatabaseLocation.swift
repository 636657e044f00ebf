import Foundation
import SwitchboardCore

/// Where the database is.
///
/// Parses `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`, a bare file path,
/// `postgres://user:pass@host:port/db` and `postgresql://…`.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite database file (created when missing).
    case sqlite(path: String)
    /// A PostgreSQL server, as a `postgres://` URL.
    case postgres(url: String)

    /// Parses a database URL or a bare file path; throws `invalidInput` (field `database_url`) when it is neither.
    public init(url: String) throws {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SwitchboardError.invalid("database_url", "must not be empty") }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            _ = try PostgresURL(trimmed)
            self = .postgres(url: trimmed)
        } else if lower.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw SwitchboardError.invalid("database_url", "sqlite URL has no path") }
            self = .sqlite(path: path)
        } else if lower.hasPrefix("sqlite:") {
            let path = String(trimmed.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw SwitchboardError.invalid("database_url", "sqlite URL has no path") }
            self = .sqlite(path: path)
        } else if trimmed.contains("://") {
            throw SwitchboardError.invalid("database_url", "must be a sqlite:// or postgres:// URL, or a file path")
        } else {
            self = .sqlite(path: trimmed)
        }
        if case .sqlite(let path) = self, path == ":memory:" || path.contains("mode=memory") {
            // Readers and the writer are separate connections, which an in-memory database cannot share.
            throw SwitchboardError.invalid("database_url", "in-memory SQLite is not supported; use a file path")
        }
    }
}

/// The parts of a `postgres://` URL that `PostgresClient` needs.
struct PostgresURL: Sendable, Equatable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    /// `disable`, `prefer` or `require` (from the `sslmode` query item; `prefer` when absent).
    var sslMode: String

    init(_ url: String) throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql",
            let host = components.host, !host.isEmpty
        else {
            throw SwitchboardError.invalid("database_url", "must be postgres://user[:password]@host[:port]/database")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user?.removingPercentEncoding ?? "postgres"
        self.password = components.password?.removingPercentEncoding
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path.removingPercentEncoding
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value?.lowercased() ?? "prefer"
        switch mode {
        case "disable", "allow": self.sslMode = "disable"
        case "prefer": self.sslMode = "prefer"
        case "require", "verify-ca", "verify-full": self.sslMode = "require"
        default: throw SwitchboardError.invalid("database_url", "unknown sslmode '\(mode)'")
        }
    }
}
