import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One message the stream benchmark's writer posted.
public struct StreamPost: Sendable {
    /// The id of the created message, or `nil` when the POST failed.
    public var messageID: Int64?
    /// When the request was handed to the HTTP client.
    public var sentAt: ContinuousClock.Instant
    /// When the whole response had arrived (`nil` when the request failed before an answer).
    public var answeredAt: ContinuousClock.Instant?
    /// What went wrong, for a failed POST.
    public var error: String?
}

/// Posts replies and internal notes (alternately) to tickets through the API at a steady rate for a fixed time:
/// post `i` is sent at `start + i / rate` whether or not earlier ones were answered (an open loop, so a slow
/// server shows as latency, not as a lower rate).
public struct StreamBenchWriter: Sendable {
    let client: HTTPClient
    public var baseURL: String
    public var token: String
    /// Tickets that accept replies; post `i` goes to ticket `i % count`.
    public var ticketIDs: [Int64]
    /// Posts per second.
    public var rate: Double
    public var duration: Duration

    public init(
        connection: BenchHTTPConnection, baseURL: String, token: String, ticketIDs: [Int64], rate: Double,
        duration: Duration
    ) {
        self.client = connection.client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.ticketIDs = ticketIDs
        self.rate = rate
        self.duration = duration
    }

    /// How many posts a run sends: `rate × duration`, at least one.
    public var postCount: Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return max(1, Int((rate * seconds).rounded()))
    }

    /// Sends every post on schedule and returns them, answered or failed, in the order sent.
    public func run() async -> [StreamPost] {
        guard !ticketIDs.isEmpty, rate > 0 else { return [] }
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        return await withTaskGroup(of: (Int, StreamPost).self) { group in
            for index in 0..<postCount {
                try? await clock.sleep(until: start.advanced(by: interval * index))
                group.addTask { (index, await self.post(index)) }
            }
            var posts: [(Int, StreamPost)] = []
            for await post in group { posts.append(post) }
            return posts.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Sends post `index`: a reply when even, an internal note when odd.
    func post(_ index: Int) async -> StreamPost {
        let clock = ContinuousClock()
        let ticket = ticketIDs[index % ticketIDs.count]
        let kind = index % 2 == 0 ? "replies" : "notes"
        var request = HTTPClientRequest(url: "\(baseURL)/api/v1/tickets/\(ticket)/\(kind)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = #"{"body":"Stream bench message \#(index): we are looking into your account now."}"#
        request.body = .bytes(ByteBuffer(string: body))
        let sentAt = clock.now
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let answer = try await response.body.collect(upTo: 1 << 20)
            let answeredAt = clock.now
            guard response.status == .created else {
                return StreamPost(
                    sentAt: sentAt, answeredAt: answeredAt,
                    error: "POST \(kind): \(response.status.code) \(String(buffer: answer).prefix(200))")
            }
            struct Created: Decodable { var id: Int64 }
            guard let created = try? JSONDecoder().decode(Created.self, from: Data(String(buffer: answer).utf8)) else {
                return StreamPost(sentAt: sentAt, answeredAt: answeredAt, error: "POST \(kind): no message id")
            }
            return StreamPost(messageID: created.id, sentAt: sentAt, answeredAt: answeredAt)
        } catch {
            return StreamPost(sentAt: sentAt, error: "POST \(kind): \(error)")
        }
    }
}
