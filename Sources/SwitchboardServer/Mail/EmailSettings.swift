import Foundation
import SwitchboardCore

/// Settings of the email channel, read from `SWITCHBOARD_<KEY>` environment variables (or a config dictionary,
/// the same keys) with these defaults:
///
/// | key | default | meaning |
/// |---|---|---|
/// | `mail_max_message_bytes` | `26214400` (25 MiB) | largest accepted raw message; larger → 413 / SMTP 552 |
/// | `mail_reply_secret` | a random key kept in `<data_dir>/mail-reply.key` | HMAC key of per-ticket reply addresses |
/// | `smtp_port` | unset (listener off) | port of the inbound SMTP/LMTP listener |
/// | `smtp_host` | `127.0.0.1` | address the listener binds to |
/// | `smtp_protocol` | `lmtp` | `lmtp` (RFC 2033, one reply per recipient) or `smtp` |
/// | `smtp_relay_host` | unset (outbound mail stays queued) | the SMTP server outbound mail is handed to |
/// | `smtp_relay_port` | `587` | its port |
/// | `smtp_relay_user`, `smtp_relay_password` | unset | AUTH PLAIN/LOGIN credentials |
/// | `smtp_relay_tls` | `starttls` | `starttls`, `tls` (implicit TLS) or `none` |
/// | `smtp_relay_ca_file` | unset (system trust store) | PEM certificates to trust for the relay |
/// | `mail_from_address` | unset | sender of outbound mail when the ticket's inbox has no address |
/// | `mail_auto_ack` | `true` | acknowledge a new email ticket with an automatic reply (see ``AutoAcknowledgement``) |
/// | `mail_auto_ack_max_per_hour` | `3` | at most this many automatic notices per contact per hour (`0` = none) |
public struct EmailSettings: Sendable, Equatable {
    public var maxMessageBytes: Int
    public var replySecret: [UInt8]
    public var listenerPort: Int?
    public var listenerHost: String
    public var listenerIsLMTP: Bool
    public var relay: RelaySettings?
    public var fromAddress: String?
    /// Whether a new ticket opened by email gets an automatic acknowledgement.
    public var autoAcknowledge: Bool
    /// The per-contact limit of automatic notices in any hour.
    public var autoAcknowledgeMaxPerHour: Int

    /// The outbound relay.
    public struct RelaySettings: Sendable, Equatable {
        public enum Security: String, Sendable, Equatable {
            case startTLS = "starttls"
            case implicitTLS = "tls"
            case none
        }

        public var host: String
        public var port: Int
        public var user: String?
        public var password: String?
        public var security: Security
        public var caFile: String?

        public init(host: String, port: Int = 587, user: String? = nil, password: String? = nil,
                    security: Security = .startTLS, caFile: String? = nil) {
            self.caFile = caFile
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.security = security
        }
    }

    /// Every key, in the order of the table above.
    public static let keys = [
        "mail_max_message_bytes", "mail_reply_secret", "smtp_port", "smtp_host", "smtp_protocol", "smtp_relay_host",
        "smtp_relay_port", "smtp_relay_user", "smtp_relay_password", "smtp_relay_tls", "smtp_relay_ca_file",
        "mail_from_address", "mail_auto_ack", "mail_auto_ack_max_per_hour",
    ]

    /// Defaults with the given reply secret.
    public init(replySecret: [UInt8]) {
        self.maxMessageBytes = 25 * 1024 * 1024
        self.replySecret = replySecret
        self.listenerPort = nil
        self.listenerHost = "127.0.0.1"
        self.listenerIsLMTP = true
        self.relay = nil
        self.fromAddress = nil
        self.autoAcknowledge = true
        self.autoAcknowledgeMaxPerHour = 3
    }

    /// Reads the settings from `values` (keys as above) falling back to `SWITCHBOARD_<KEY>` in `environment`;
    /// the reply secret, when not configured, is read from (or created in) `<dataDirectory>/mail-reply.key`.
    /// Throws ``SwitchboardError`` `.invalidInput` naming the bad key.
    public static func load(
        dataDirectory: String, values: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> EmailSettings {
        func value(_ key: String) -> String? {
            let found = values[key] ?? environment["SWITCHBOARD_" + key.uppercased()]
            return found.flatMap { $0.isEmpty ? nil : $0 }
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw SwitchboardError.invalid(
                    key, "must be a whole number in \(range.lowerBound)…\(range.upperBound)")
            }
            return number
        }
        let secret: [UInt8]
        if let configured = value("mail_reply_secret") {
            guard configured.utf8.count >= 16 else {
                throw SwitchboardError.invalid("mail_reply_secret", "must be at least 16 characters")
            }
            secret = Array(configured.utf8)
        } else {
            secret = try ReplySecretFile.readOrCreate(in: dataDirectory)
        }
        var settings = EmailSettings(replySecret: secret)
        if let size = try integer("mail_max_message_bytes", 1024...(1 << 30)) { settings.maxMessageBytes = size }
        settings.listenerPort = try integer("smtp_port", 0...65535)
        if let host = value("smtp_host") { settings.listenerHost = host }
        if let proto = value("smtp_protocol") {
            switch proto.lowercased() {
            case "lmtp": settings.listenerIsLMTP = true
            case "smtp": settings.listenerIsLMTP = false
            default: throw SwitchboardError.invalid("smtp_protocol", "must be lmtp or smtp")
            }
        }
        if let host = value("smtp_relay_host") {
            var relay = RelaySettings(host: host)
            if let port = try integer("smtp_relay_port", 1...65535) { relay.port = port }
            relay.user = value("smtp_relay_user")
            relay.password = value("smtp_relay_password")
            if let tls = value("smtp_relay_tls") {
                guard let security = RelaySettings.Security(rawValue: tls.lowercased()) else {
                    throw SwitchboardError.invalid("smtp_relay_tls", "must be starttls, tls or none")
                }
                relay.security = security
            }
            relay.caFile = value("smtp_relay_ca_file")
            settings.relay = relay
        }
        settings.fromAddress = value("mail_from_address")
        if let flag = value("mail_auto_ack") {
            switch flag.lowercased() {
            case "true", "yes", "on", "1": settings.autoAcknowledge = true
            case "false", "no", "off", "0": settings.autoAcknowledge = false
            default: throw SwitchboardError.invalid("mail_auto_ack", "must be true or false")
            }
        }
        if let limit = try integer("mail_auto_ack_max_per_hour", 0...1000) { settings.autoAcknowledgeMaxPerHour = limit }
        return settings
    }
}

/// The reply-address key file: 32 random bytes, created once (mode 0600) and kept across restarts.
enum ReplySecretFile {
    static func readOrCreate(in dataDirectory: String) throws -> [UInt8] {
        let path = (dataDirectory as NSString).appendingPathComponent("mail-reply.key")
        if let data = FileManager.default.contents(atPath: path), data.count >= 16 { return Array(data) }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let created = FileManager.default.createFile(
                atPath: path, contents: Data(secret), attributes: [.posixPermissions: 0o600])
            guard created else { throw SwitchboardError(.internalError, "cannot write \(path)") }
        } catch {
            throw SwitchboardError(.internalError, "cannot create the mail reply key in \(dataDirectory)")
        }
        return secret
    }
}

extension EmailSettings: CustomStringConvertible, CustomReflectable {
    /// The settings without the reply secret and the relay password (descriptions end up in logs).
    public var description: String {
        let relayText = relay.map { "\($0.host):\($0.port) \($0.security.rawValue) user \($0.user ?? "-")" } ?? "none"
        return "EmailSettings(listener: \(listenerPort.map(String.init) ?? "off"), relay: \(relayText), "
            + "auto_ack: \(autoAcknowledge), secrets: redacted)"
    }

    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
