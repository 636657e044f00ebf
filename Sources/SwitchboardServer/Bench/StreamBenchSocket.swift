import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// One event frame as a stream benchmark client saw it.
public struct StreamArrival: Sendable, Equatable {
    public var eventID: Int64
    public var type: String
    /// `payload.message_id` of a `message.created` event, else `nil`.
    public var messageID: Int64?
    /// When the frame was read off the socket.
    public var at: ContinuousClock.Instant
}

/// One WebSocket connection to `/api/v1/stream` of a server, authenticated with a personal API token, that
/// records every event frame it receives with its arrival time (SwiftNIO's WebSocket client; no browser).
public struct StreamBenchSocket: Sendable {
    public var host: String
    public var port: Int
    public var token: String

    public init(host: String, port: Int, token: String) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Connects and upgrades; throws when the server declines (bad token) or cannot be reached.
    public func connect() async throws -> StreamBenchConnection {
        let path = StreamController.path
        let host = self.host
        let port = self.port
        let token = self.token
        let upgrade: EventLoopFuture<StreamUpgradeResult> = try await ClientBootstrap(
            group: MultiThreadedEventLoopGroup.singleton
        ).connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let upgrader = NIOTypedWebSocketClientUpgrader<StreamUpgradeResult>(
                    maxFrameSize: 1 << 20,
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .upgraded(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                                wrappingChannelSynchronously: channel))
                        }
                    })
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: "\(host):\(port)")
                headers.add(name: "Authorization", value: "Bearer \(token)")
                headers.add(name: "Content-Length", value: "0")
                let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                let configuration = NIOTypedHTTPClientUpgradeConfiguration<StreamUpgradeResult>(
                    upgradeRequestHead: head, upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in
                        channel.eventLoop.makeCompletedFuture { .declined }
                    })
                return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                    configuration: .init(upgradeConfiguration: configuration))
            }
        }
        switch try await upgrade.get() {
        case .declined:
            throw BenchRequestError(description: "the server declined the WebSocket upgrade of \(path)")
        case .upgraded(let channel):
            return StreamBenchConnection(channel: channel)
        }
    }
}

/// What the client side of the upgrade ended with.
enum StreamUpgradeResult: Sendable {
    case upgraded(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
    case declined
}

/// An open stream connection. Call ``run(counter:ready:)`` once, and ``close()`` to end it.
public final class StreamBenchConnection: Sendable {
    private let channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>

    init(channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) {
        self.channel = channel
    }

    /// Sends `{"type":"ping"}`, waits for the server's pong (the server subscribes before it reads client frames,
    /// so the subscription is live then) and calls `ready`; then records every event frame until ``close()`` is
    /// called or the server closes. Each `message.created` arrival is also counted in `counter`.
    /// Throws when the connection fails before it was ready.
    public func run(
        counter: StreamArrivalCounter, ready: @escaping @Sendable () -> Void
    ) async throws -> [StreamArrival] {
        try await channel.executeThenClose { inbound, outbound in
            var arrivals: [StreamArrival] = []
            var reader = StreamFrameReader()
            var isReady = false
            let clock = ContinuousClock()
            do {
                try await outbound.write(Self.textFrame(#"{"type":"ping"}"#))
                for try await frame in inbound {
                    let now = clock.now
                    if let reply = reader.control(frame) { try await outbound.write(reply) }
                    if frame.opcode == .connectionClose { break }
                    guard let text = reader.text(frame) else { continue }
                    if let arrival = StreamFrameParser.arrival(text, at: now) {
                        arrivals.append(arrival)
                        if arrival.messageID != nil { counter.increment() }
                    } else if !isReady, StreamFrameParser.isPong(text) {
                        isReady = true
                        ready()
                    }
                }
            } catch {
                // A connection closed by ``close()`` may end with an error; what arrived before counts.
                if !isReady { throw error }
            }
            if !isReady { throw BenchRequestError(description: "the stream closed before answering a ping") }
            return arrivals
        }
    }

    /// Closes the connection (idempotent); ``run(counter:ready:)`` then returns what arrived.
    public func close() {
        channel.channel.close(promise: nil)
    }

    /// A masked text frame (RFC 6455: client frames are masked).
    static func textFrame(_ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
    }
}

/// Counts `message.created` arrivals over every connection, so the runner knows when all expected ones are in.
public final class StreamArrivalCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    func increment() { value.add(1, ordering: .relaxed) }

    /// Arrivals counted so far.
    public var count: Int { value.load(ordering: .relaxed) }
}

/// Reassembles fragmented text messages and answers WebSocket pings.
struct StreamFrameReader {
    private var pending: ByteBuffer?

    /// The pong to send for a ping frame, else `nil`.
    func control(_ frame: WebSocketFrame) -> WebSocketFrame? {
        guard frame.opcode == .ping else { return nil }
        return WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
    }

    /// The text of a complete text message, once its last fragment arrived; `nil` otherwise.
    mutating func text(_ frame: WebSocketFrame) -> String? {
        switch frame.opcode {
        case .text:
            if frame.fin { return String(buffer: frame.unmaskedData) }
            pending = frame.unmaskedData
        case .continuation:
            guard var buffer = pending else { return nil }
            var data = frame.unmaskedData
            buffer.writeBuffer(&data)
            pending = frame.fin ? nil : buffer
            if frame.fin { return String(buffer: buffer) }
        default:
            break
        }
        return nil
    }
}

/// Reads the few members of a stream frame the benchmark needs.
enum StreamFrameParser {
    private struct Frame: Decodable {
        var type: String
        var event: Event?
    }

    private struct Event: Decodable {
        var id: Int64
        var type: String
        var payload: Payload?
    }

    private struct Payload: Decodable {
        var messageID: Int64?
        enum CodingKeys: String, CodingKey { case messageID = "message_id" }
    }

    /// The event of an `{"type":"event"}` frame, else `nil`.
    static func arrival(_ text: String, at instant: ContinuousClock.Instant) -> StreamArrival? {
        guard let frame = try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)), frame.type == "event",
            let event = frame.event
        else { return nil }
        return StreamArrival(eventID: event.id, type: event.type, messageID: event.payload?.messageID, at: instant)
    }

    /// Whether the frame is `{"type":"pong"}`.
    static func isPong(_ text: String) -> Bool {
        (try? JSONDecoder().decode(Frame.self, from: Data(text.utf8)))?.type == "pong"
    }
}
