import Foundation

/// The figures of one stream benchmark run: N WebSocket clients watching while a writer posts messages.
///
/// A delivery is one (message, client) pair: the `message.created` event of a message the writer posted,
/// received by one client. Every client must receive every posted message exactly once.
public struct StreamBenchRow: Sendable, Codable {
    public var database: String
    /// Clients asked for, and those that connected and were live before the writer started.
    public var clients: Int
    public var connectedClients: Int
    /// Posts sent, and those that failed (no 201).
    public var posts: Int
    public var postErrors: Int
    public var firstError: String?
    /// Seconds from the first post to the last delivery (or the drain timeout).
    public var seconds: Double
    /// Posts answered with 201 per second of the writing phase.
    public var postsPerSecond: Double
    /// Successful posts × connected clients.
    public var expectedDeliveries: Int
    public var deliveredDeliveries: Int
    /// Expected deliveries that never arrived (must be 0).
    public var lostDeliveries: Int
    /// Deliveries that arrived more than once at the same client (must be 0).
    public var duplicateDeliveries: Int
    /// Every event frame received by all clients (message events and others, e.g. `ticket.updated`).
    public var eventFrames: Int
    /// Event frames per second over all clients.
    public var framesPerSecond: Double
    /// From the POST being sent to the event frame arriving, over every delivery.
    public var sendToArrival: LatencySummary
    /// From the POST's response to the event frame arriving; deliveries that arrived before the response
    /// count as 0 here and are counted in ``arrivedBeforeResponse``.
    public var responseToArrival: LatencySummary
    public var arrivedBeforeResponse: Int
    /// The POST's own round trip.
    public var postLatency: LatencySummary
    public var serverRSSBytes: Int64?
    public var serverCPUPercent: Double?

    enum CodingKeys: String, CodingKey {
        case database, clients, posts, seconds
        case connectedClients = "connected_clients"
        case postErrors = "post_errors"
        case firstError = "first_error"
        case postsPerSecond = "posts_per_second"
        case expectedDeliveries = "expected_deliveries"
        case deliveredDeliveries = "delivered_deliveries"
        case lostDeliveries = "lost_deliveries"
        case duplicateDeliveries = "duplicate_deliveries"
        case eventFrames = "event_frames"
        case framesPerSecond = "frames_per_second"
        case sendToArrival = "send_to_arrival"
        case responseToArrival = "response_to_arrival"
        case arrivedBeforeResponse = "arrived_before_response"
        case postLatency = "post_latency"
        case serverRSSBytes = "server_rss_bytes"
        case serverCPUPercent = "server_cpu_percent"
    }

    /// Joins the writer's posts with what each connected client received.
    ///
    /// - Parameters:
    ///   - arrivals: one array per connected client.
    ///   - connectErrors: clients that failed to connect (their first error becomes ``firstError`` when no post
    ///     failed).
    ///   - writingSeconds: how long the writer ran; `seconds`: from the first post to the end of the drain.
    public static func summarize(
        database: String, clients: Int, posts: [StreamPost], arrivals: [[StreamArrival]],
        connectError: String? = nil, writingSeconds: Double, seconds: Double
    ) -> StreamBenchRow {
        var byMessage: [Int64: StreamPost] = [:]
        var postNanoseconds: [UInt64] = []
        for post in posts {
            guard let id = post.messageID else { continue }
            byMessage[id] = post
            if let answered = post.answeredAt { postNanoseconds.append(Self.nanoseconds(post.sentAt, answered)) }
        }
        var sendSamples: [UInt64] = []
        var responseSamples: [UInt64] = []
        var early = 0
        var duplicates = 0
        var frames = 0
        for client in arrivals {
            frames += client.count
            var seen = Set<Int64>()
            for arrival in client {
                guard let id = arrival.messageID, let post = byMessage[id] else { continue }
                guard seen.insert(id).inserted else {
                    duplicates += 1
                    continue
                }
                sendSamples.append(Self.nanoseconds(post.sentAt, arrival.at))
                if let answered = post.answeredAt {
                    if arrival.at < answered { early += 1 }
                    responseSamples.append(Self.nanoseconds(answered, arrival.at))
                }
            }
        }
        let failed = posts.filter { $0.messageID == nil }
        let expected = byMessage.count * arrivals.count
        return StreamBenchRow(
            database: database, clients: clients, connectedClients: arrivals.count, posts: posts.count,
            postErrors: failed.count, firstError: failed.first?.error ?? connectError, seconds: seconds,
            postsPerSecond: writingSeconds > 0 ? Double(byMessage.count) / writingSeconds : 0,
            expectedDeliveries: expected, deliveredDeliveries: sendSamples.count,
            lostDeliveries: max(0, expected - sendSamples.count), duplicateDeliveries: duplicates,
            eventFrames: frames, framesPerSecond: seconds > 0 ? Double(frames) / seconds : 0,
            sendToArrival: LatencySummary(nanoseconds: sendSamples),
            responseToArrival: LatencySummary(nanoseconds: responseSamples), arrivedBeforeResponse: early,
            postLatency: LatencySummary(nanoseconds: postNanoseconds))
    }

    /// Whether every client connected, every post succeeded and every delivery arrived once.
    public var isComplete: Bool {
        connectedClients == clients && postErrors == 0 && lostDeliveries == 0 && duplicateDeliveries == 0
            && expectedDeliveries > 0
    }

    /// Nanoseconds from `start` to `end`, 0 when `end` is earlier.
    static func nanoseconds(_ start: ContinuousClock.Instant, _ end: ContinuousClock.Instant) -> UInt64 {
        guard end > start else { return 0 }
        let elapsed = start.duration(to: end)
        return UInt64(elapsed.components.seconds) * 1_000_000_000
            + UInt64(elapsed.components.attoseconds / 1_000_000_000)
    }

    /// The rows as a text table (empty when there are none).
    public static func table(_ rows: [StreamBenchRow]) -> [String] {
        guard !rows.isEmpty else { return [] }
        let header = ["db", "clients", "posts/s", "frames/s", "delivered", "lost", "dup", "p50 ms", "p95 ms",
                      "p99 ms", "max ms", "resp p50", "resp p99", "post p50", "RSS MB", "CPU %"]
        var lines = ["", "stream: time from POST sent to event frame at each client (resp = from POST response)"]
        let widths = [9, 8, 8, 9, 16, 5, 4, 8, 8, 8, 8, 9, 9, 9, 7, 6]
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }
                .joined(separator: " ")
        }
        lines.append(line(header))
        for row in rows {
            let cells = [
                row.database, "\(row.connectedClients)/\(row.clients)", BenchReport.fixed(row.postsPerSecond, 1),
                BenchReport.fixed(row.framesPerSecond, 0), "\(row.deliveredDeliveries)/\(row.expectedDeliveries)",
                String(row.lostDeliveries), String(row.duplicateDeliveries),
                BenchReport.fixed(row.sendToArrival.p50Milliseconds, 2),
                BenchReport.fixed(row.sendToArrival.p95Milliseconds, 2),
                BenchReport.fixed(row.sendToArrival.p99Milliseconds, 2),
                BenchReport.fixed(row.sendToArrival.maxMilliseconds, 1),
                BenchReport.fixed(row.responseToArrival.p50Milliseconds, 2),
                BenchReport.fixed(row.responseToArrival.p99Milliseconds, 2),
                BenchReport.fixed(row.postLatency.p50Milliseconds, 2),
                row.serverRSSBytes.map { BenchReport.fixed(Double($0) / 1_048_576, 1) } ?? "-",
                row.serverCPUPercent.map { BenchReport.fixed($0, 0) } ?? "-",
            ]
            lines.append(line(cells))
            if let error = row.firstError { lines.append("    first error: \(error.prefix(160))") }
        }
        return lines
    }
}
