import Foundation
import SwitchboardMail

/// The parse half of `switchboard bench mail`: parses a set of raw messages round after round on ONE task (one
/// core) for a fixed time and reports messages/s and MB/s of raw input.
public struct MailParseBench: Sendable {
    /// Where the messages came from (a corpus directory, or "generated").
    public let source: String
    /// The raw messages, each parsed once per round.
    public let messages: [[UInt8]]

    public init(source: String, messages: [[UInt8]]) {
        self.source = source
        self.messages = messages
    }

    /// The mail files (`*.eml`, `*.box`) under `directory`, recursively, sorted by path; nil when it is absent.
    public static func corpus(directory: String) -> MailParseBench? {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return nil }
        var paths: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".eml") || relative.hasSuffix(".box") { paths.append(relative) }
        }
        let messages = paths.sorted().compactMap { path -> [UInt8]? in
            FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(path)).map(Array.init)
        }.filter { !$0.isEmpty }
        return messages.isEmpty ? nil : MailParseBench(source: directory, messages: messages)
    }

    /// Parses every message, round after round, until `duration` has passed (at least one round).
    /// Messages the parser refuses count as parsed (refusing is its job) and are reported separately.
    public func run(duration: Duration) -> MailParseBenchResult {
        let parser = MailParser()
        let clock = ContinuousClock()
        let started = clock.now
        var rounds = 0
        var parsed = 0
        var refused = 0
        var bytes = 0
        let roundBytes = messages.reduce(0) { $0 + $1.count }
        repeat {
            for message in messages {
                do {
                    _ = try parser.parse(message)
                    parsed += 1
                } catch {
                    refused += 1
                }
            }
            bytes += roundBytes
            rounds += 1
        } while started.duration(to: clock.now) < duration
        let seconds = started.duration(to: clock.now).seconds
        return MailParseBenchResult(
            source: source, distinctMessages: messages.count, rounds: rounds, parsed: parsed, refused: refused,
            bytes: bytes, seconds: seconds, messagesPerSecond: Double(parsed + refused) / seconds,
            megabytesPerSecond: Double(bytes) / 1_048_576 / seconds)
    }
}

/// What ``MailParseBench`` measured.
public struct MailParseBenchResult: Sendable, Codable, Equatable {
    public var source: String
    public var distinctMessages: Int
    public var rounds: Int
    public var parsed: Int
    public var refused: Int
    public var bytes: Int
    public var seconds: Double
    public var messagesPerSecond: Double
    public var megabytesPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case source, rounds, parsed, refused, bytes, seconds
        case distinctMessages = "distinct_messages"
        case messagesPerSecond = "messages_per_second"
        case megabytesPerSecond = "megabytes_per_second"
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    /// The duration in whole nanoseconds (non-negative durations).
    var nanoseconds: UInt64 {
        UInt64(max(0, components.seconds)) * 1_000_000_000 + UInt64(max(0, components.attoseconds) / 1_000_000_000)
    }
}
