import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import SwitchboardCore
import Testing

@testable import SwitchboardServer

/// Drives `/api/v1/stream` like a browser tab would, for the live tests.
enum RTStreamClient {
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// Runs `body`, failing with ``TimedOut`` if it has not finished after `seconds` — a guard against a hung
    /// test, not a measurement.
    static func withTimeout<T: Sendable>(
        _ seconds: Int = 20, _ what: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw TimedOut(what: what)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// The JSON object of a text frame.
    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// One step of a stream conversation: do something, then read events until `done` says enough.
    struct Step: Sendable {
        var trigger: @Sendable () async throws -> Void
        var done: @Sendable ([[String: Any]]) -> Bool
    }

    /// Connects, proves the subscription is live with a ping/pong round trip, runs `trigger`, then collects
    /// event frames until `done` says enough. Returns the events (the `event` member of each frame).
    static func collectEvents(
        port: Int, query: String = "", headers: HTTPFields,
        trigger: @escaping @Sendable () async throws -> Void,
        done: @escaping @Sendable ([[String: Any]]) -> Bool
    ) async throws -> [[String: Any]] {
        try await collectEvents(port: port, query: query, headers: headers, steps: [Step(trigger: trigger, done: done)])
    }

    /// Like ``collectEvents(port:query:headers:trigger:done:)`` with several steps on one connection; each
    /// step's `done` sees every event received so far.
    static func collectEvents(port: Int, query: String = "", headers: HTTPFields, steps: [Step]) async throws
        -> [[String: Any]]
    {
        let collected = RTBox<[[String: Any]]>([])
        try await withTimeout(30, "stream events") {
            var logger = Logger(label: "switchboard.tests.ws")
            logger.logLevel = .critical
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/api/v1/stream\(query)",
                configuration: WebSocketClientConfiguration(additionalHeaders: headers), logger: logger
            ) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                try await outbound.write(.text(#"{"type":"ping"}"#))
                var sawPong = false
                var events: [[String: Any]] = []
                while !sawPong, let message = try await messages.next() {
                    guard case .text(let text) = message, let frame = object(text) else { continue }
                    if frame["type"] as? String == "pong" { sawPong = true }
                    if frame["type"] as? String == "event", let event = frame["event"] as? [String: Any] {
                        events.append(event)  // replayed before the pong
                    }
                }
                for step in steps {
                    try await step.trigger()
                    while !step.done(events), let message = try await messages.next() {
                        guard case .text(let text) = message, let frame = object(text) else { continue }
                        if frame["type"] as? String == "event", let event = frame["event"] as? [String: Any] {
                            events.append(event)
                        }
                    }
                }
                collected.value = events
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
        return collected.value
    }
}

/// A mutable box shared with a `@Sendable` closure that runs to completion before the box is read.
final class RTBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
