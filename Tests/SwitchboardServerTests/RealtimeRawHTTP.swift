import NIOCore
import NIOPosix

/// A one-shot HTTP/1.1 request over a fresh TCP connection, for checking upgrade refusals (the server closes
/// the connection after refusing, so the shared test client cannot be used).
enum RTRawHTTP {
    /// Sends `GET path` (with WebSocket upgrade headers when `upgrade`) and returns the response status code.
    static func status(port: Int, path: String, upgrade: Bool, extraHeaders: String = "") async throws -> Int {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let upgradeHeaders = upgrade
            ? "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            : ""
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(upgradeHeaders)\(extraHeaders)\r\n"
        let head = try await RTStreamClient.withTimeout(20, "the answer to \(path)") {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: request))
                var text = ""
                for try await chunk in inbound {
                    text += String(buffer: chunk)
                    if text.contains("\r\n") { break }
                }
                return text
            }
        }
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return -1 }
        return status
    }
}
