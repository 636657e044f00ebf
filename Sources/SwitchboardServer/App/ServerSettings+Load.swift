import Foundation
import Logging

/// A setting that could not be read; says which key, from where, and why.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ServerSettings {
    /// Reads the settings from flags > environment > config file > defaults.
    ///
    /// - Parameters:
    ///   - flags: values given on the command line, by setting key (`port`, `data_dir`, …).
    ///   - environment: the process environment; only `SWITCHBOARD_*` variables are read.
    ///   - configFile: path of a config file; `nil` means `SWITCHBOARD_CONFIG` if set, else no file.
    /// - Throws: ``SettingsError`` naming the key and its source when a value is malformed or a key unknown.
    public static func load(
        flags: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        configFile: String? = nil
    ) throws -> ServerSettings {
        var sources: [String: (value: String, source: String)] = [:]
        if let path = configFile ?? environment["SWITCHBOARD_CONFIG"], !path.isEmpty {
            for (key, value) in try ConfigFile.read(path: path) {
                guard keys.contains(key) || EmailSettings.keys.contains(key) || IMAPServiceSettings.keys.contains(key) else {
                    throw SettingsError("unknown setting '\(key)' in \(path)")
                }
                sources[key] = (value, "config file \(path)")
            }
        }
        for key in keys + EmailSettings.keys + IMAPServiceSettings.keys {
            if let value = environment[environmentName(for: key)] {
                sources[key] = (value, "environment variable \(environmentName(for: key))")
            }
        }
        for (key, value) in flags {
            guard keys.contains(key) || EmailSettings.keys.contains(key) || IMAPServiceSettings.keys.contains(key) else {
                throw SettingsError("unknown setting '\(key)'")
            }
            sources[key] = (value, "flag --\(key.replacingOccurrences(of: "_", with: "-"))")
        }
        return try ServerSettings(values: sources)
    }

    init(values: [String: (value: String, source: String)]) throws {
        let dataDirectory = values["data_dir"]?.value ?? ServerSettings.defaultDataDirectory
        self.init(dataDirectory: dataDirectory)
        func string(_ key: String) -> String? {
            values[key].map { $0.value.trimmingCharacters(in: .whitespaces) }
        }
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let entry = values[key] else { return nil }
            guard let value = Int(entry.value.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw SettingsError(
                    "\(entry.source): '\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func bool(_ key: String) throws -> Bool? {
            guard let entry = values[key] else { return nil }
            switch entry.value.trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw SettingsError("\(entry.source): '\(key)' must be true or false")
            }
        }
        if let host = string("host") {
            guard !host.isEmpty else { throw SettingsError("\(values["host"]!.source): 'host' must not be empty") }
            self.host = host
        }
        if let port = try int("port", 0...65535) { self.port = port }
        if let url = string("database_url"), !url.isEmpty { self.databaseURL = url }
        if let count = try int("database_max_connections", 1...1000) { self.databaseMaxConnections = count }
        if let dir = string("attachments_dir"), !dir.isEmpty { self.attachmentsDirectory = dir }
        if let bytes = try int("max_body_bytes", 1024...(1 << 30)) { self.maxBodyBytes = bytes }
        if let entry = values["log_level"] {
            guard let level = Logger.Level(rawValue: entry.value.trimmingCharacters(in: .whitespaces).lowercased())
            else {
                throw SettingsError("\(entry.source): 'log_level' must be one of "
                    + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.logLevel = level
        }
        if let secure = try bool("secure_cookies") { self.secureCookies = secure }
        if let trust = try bool("trust_proxy") { self.trustProxy = trust }
        if let cost = try int("bcrypt_cost", 10...14) { self.bcryptCost = cost }
        if let hours = try int("session_ttl_hours", 1...(24 * 365)) { self.sessionTTL = .seconds(hours * 3600) }
        if let minutes = try int("login_window_minutes", 1...(24 * 60)) { self.loginWindow = .seconds(minutes * 60) }
        if let count = try int("login_max_failures_per_email", 1...1000) { self.loginMaxFailuresPerEmail = count }
        if let count = try int("login_max_failures_per_ip", 1...100_000) { self.loginMaxFailuresPerAddress = count }
        for key in EmailSettings.keys + IMAPServiceSettings.keys {
            if let entry = values[key] { self.emailValues[key] = entry.value.trimmingCharacters(in: .whitespaces) }
        }
    }
}
