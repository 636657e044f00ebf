import Foundation
import SwitchboardCore

/// Settings of IMAP polling, read from a config dictionary (the server's ``ServerSettings/emailValues``) falling back
/// to `SWITCHBOARD_<KEY>` environment variables, with these defaults (the
/// mailboxes themselves are configured per inbox through `PUT /api/v1/inboxes/{id}/imap`):
///
/// | key | default | meaning |
/// |---|---|---|
/// | `imap_polling` | `on` | `off` keeps this instance from polling (on PostgreSQL one instance polls at a time anyway) |
/// | `imap_poll_seconds` | `60` | pause between polls when the server has no IDLE |
/// | `imap_idle_seconds` | `600` | longest IDLE before it is renewed (RFC 2177 asks for less than 29 minutes) |
/// | `imap_refresh_seconds` | `5` | how often the configuration table is re-read for changes |
/// | `imap_batch_size` | `50` | messages listed and processed per round |
/// | `imap_ca_file` | unset (system trust store) | PEM certificates to trust for IMAP servers |
/// | `imap_timeout_seconds` | `120` | longest silence of a server while we wait for an answer |
public struct IMAPServiceSettings: Sendable, Equatable {
    public var enabled: Bool
    public var pollInterval: Duration
    public var idleInterval: Duration
    public var refreshInterval: Duration
    public var batchSize: Int
    public var caFile: String?
    public var commandTimeout: Duration
    /// Backoff between reconnects after failures.
    public var retryPolicy: RetryPolicy
    /// Largest message fetched; larger ones are rejected without downloading them (from `mail_max_message_bytes`).
    public var maxMessageBytes: Int

    public init(maxMessageBytes: Int = 25 * 1024 * 1024) {
        self.enabled = true
        self.pollInterval = .seconds(60)
        self.idleInterval = .seconds(600)
        self.refreshInterval = .seconds(5)
        self.batchSize = 50
        self.caFile = nil
        self.commandTimeout = .seconds(120)
        self.retryPolicy = RetryPolicy(base: .seconds(5), maximum: .seconds(900))
        self.maxMessageBytes = maxMessageBytes
    }

    /// Every key, in the order of the table above.
    public static let keys = [
        "imap_polling", "imap_poll_seconds", "imap_idle_seconds", "imap_refresh_seconds", "imap_batch_size",
        "imap_ca_file", "imap_timeout_seconds",
    ]

    /// Reads the settings from `values` (keys as above) falling back to `SWITCHBOARD_<KEY>` in `environment`.
    /// Throws ``SwitchboardError`` `.invalidInput` naming the bad key.
    public static func load(
        maxMessageBytes: Int, values: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> IMAPServiceSettings {
        func value(_ key: String) -> String? {
            let found = values[key] ?? environment["SWITCHBOARD_" + key.uppercased()]
            return found.flatMap { $0.isEmpty ? nil : $0 }
        }
        func seconds(_ key: String, _ range: ClosedRange<Int>) throws -> Duration? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw SwitchboardError.invalid(
                    key, "must be a whole number in \(range.lowerBound)…\(range.upperBound)")
            }
            return .seconds(number)
        }
        var settings = IMAPServiceSettings(maxMessageBytes: maxMessageBytes)
        if let polling = value("imap_polling") {
            switch polling.lowercased() {
            case "on", "true", "1", "yes": settings.enabled = true
            case "off", "false", "0", "no": settings.enabled = false
            default: throw SwitchboardError.invalid("imap_polling", "must be on or off")
            }
        }
        if let poll = try seconds("imap_poll_seconds", 1...86_400) { settings.pollInterval = poll }
        if let idle = try seconds("imap_idle_seconds", 10...1_740) { settings.idleInterval = idle }
        if let refresh = try seconds("imap_refresh_seconds", 1...3_600) { settings.refreshInterval = refresh }
        if let timeout = try seconds("imap_timeout_seconds", 5...3_600) { settings.commandTimeout = timeout }
        if let batch = value("imap_batch_size") {
            guard let number = Int(batch), (1...1000).contains(number) else {
                throw SwitchboardError.invalid("imap_batch_size", "must be a whole number in 1…1000")
            }
            settings.batchSize = number
        }
        settings.caFile = value("imap_ca_file")
        return settings
    }
}
