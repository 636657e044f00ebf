import Foundation
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// The ingest half of `switchboard bench mail`: generated mails delivered over LMTP to a running server, timed
/// per message, then checked against the database (every accepted mail must be stored exactly once).
public struct MailIngestBench: Sendable {
    /// The inbox address the mails go to.
    public static let recipient = "support@bench-mail.example"

    public let messages: Int
    public let connections: Int

    public init(messages: Int, connections: Int) {
        self.messages = messages
        self.connections = connections
    }

    /// Creates the account and the email inbox the run delivers to (in a migrated database without that inbox);
    /// returns the account's id.
    public static func prepare(_ database: Database) async throws -> Int64 {
        try await database.write { db in
            let account = try await AccountRepository().create(name: "Mail bench", on: db)
            _ = try await InboxRepository().create(
                accountID: account.id, name: "Support", channel: .email, emailAddress: recipient,
                webFormEnabled: false, on: db)
            return account.id
        }
    }

    /// Delivers the generated mails to the LMTP listener on `port` and counts what `accountID` stored in
    /// `database`. `server` samples the server process (RSS, CPU); nil when it runs in this process.
    public func run(
        lmtpPort port: Int, database: Database, accountID: Int64, server: ProcessSampler?, databaseName: String
    ) async throws -> MailIngestBenchResult {
        let mails = MailBenchGenerator(count: messages, recipient: Self.recipient).messages()
        let bytes = mails.reduce(0) { $0 + $1.count }
        let client = LMTPLoadClient(port: port, recipient: Self.recipient)
        try await client.waitUntilListening()
        let cpuBefore = server?.cpuSeconds()
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = await client.deliver(mails, connections: connections)
        let seconds = started.duration(to: clock.now).seconds
        var cpu: Double?
        if let before = cpuBefore, let after = server?.cpuSeconds() { cpu = (after - before) / seconds * 100 }
        let stored = try await database.read { db in
            try await db.raw("""
                SELECT COUNT(*) AS n FROM messages
                WHERE account_id = \(bind: accountID) AND kind = \(bind: MessageKind.inbound.rawValue)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return MailIngestBenchResult(
            database: databaseName, messages: mails.count, bytes: bytes, connections: connections,
            delivered: outcome.latencies.count, failed: outcome.failures, firstErrors: outcome.firstErrors,
            storedInbound: stored, seconds: seconds, mailsPerSecond: Double(outcome.latencies.count) / seconds,
            latency: LatencySummary(nanoseconds: outcome.latencies), serverPeakRSSBytes: server?.peakResidentBytes(),
            serverCPUPercent: cpu)
    }
}

/// What ``MailIngestBench`` measured.
public struct MailIngestBenchResult: Sendable, Codable, Equatable {
    public var database: String
    public var messages: Int
    public var bytes: Int
    public var connections: Int
    public var delivered: Int
    public var failed: Int
    public var firstErrors: [String]
    /// Inbound messages in the database after the run; equals `delivered` when nothing was lost or doubled.
    public var storedInbound: Int
    public var seconds: Double
    public var mailsPerSecond: Double
    public var latency: LatencySummary
    public var serverPeakRSSBytes: Int64?
    public var serverCPUPercent: Double?

    enum CodingKeys: String, CodingKey {
        case database, messages, bytes, connections, delivered, failed, seconds, latency
        case firstErrors = "first_errors"
        case storedInbound = "stored_inbound"
        case mailsPerSecond = "mails_per_second"
        case serverPeakRSSBytes = "server_peak_rss_bytes"
        case serverCPUPercent = "server_cpu_percent"
    }
}

extension ProcessSampler {
    /// The process's peak resident set size so far (`VmHWM`) in bytes, or `nil` when unreadable.
    public func peakResidentBytes() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            return digits.flatMap { Int64($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
