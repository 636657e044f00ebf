import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The load generator of the ingest half of `switchboard bench mail`: delivers raw messages over LMTP
/// (RFC 2033) on `connections` parallel connections, each a plain blocking socket on a thread of its own,
/// and times each message from `MAIL FROM` to the server's `250` (which it sends only after the commit).
public struct LMTPLoadClient: Sendable {
    public let host: String
    public let port: Int
    public let recipient: String

    public init(host: String = "127.0.0.1", port: Int, recipient: String) {
        self.host = host
        self.port = port
        self.recipient = recipient
    }

    /// Waits until the listener accepts a connection and greets (a server answers /health before its listener
    /// service has bound); throws after `timeout`.
    public func waitUntilListening(timeout: Duration = .seconds(30)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let (host, port) = (host, port)
        while true {
            let greeted = try await BlockingWork.runThrowing { () throws -> Bool in
                guard let connection = try? LMTPBlockingConnection(host: host, port: port) else { return false }
                defer { connection.close() }
                try connection.expect(220)
                try connection.send("QUIT\r\n")
                return true
            }
            if greeted { return }
            guard clock.now < deadline else {
                throw LMTPExchangeError(description: "nothing listens on \(host):\(port)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Delivers every message once, spread over `connections` connections; returns per-message latencies and the
    /// failures (first few reasons).
    public func deliver(_ messages: [[UInt8]], connections: Int) async -> LMTPLoadOutcome {
        let count = max(1, min(connections, messages.count))
        let shares = (0..<count).map { index in stride(from: index, to: messages.count, by: count).map { messages[$0] } }
        return await withTaskGroup(of: LMTPLoadOutcome.self) { group in
            for share in shares {
                group.addTask {
                    // A thread per connection: `DispatchQueue.global()` would take a thread of the cooperative pool.
                    await BlockingWork.run { self.deliverBlocking(share) }
                }
            }
            var total = LMTPLoadOutcome()
            for await outcome in group { total.merge(outcome) }
            return total
        }
    }

    private func deliverBlocking(_ messages: [[UInt8]]) -> LMTPLoadOutcome {
        var outcome = LMTPLoadOutcome()
        let connection: LMTPBlockingConnection
        do {
            connection = try LMTPBlockingConnection(host: host, port: port)
            try connection.expect(220)
            try connection.send("LHLO bench.invalid\r\n")
            try connection.expect(250)
        } catch {
            outcome.fail("\(error)", count: messages.count)
            return outcome
        }
        defer { connection.close() }
        let clock = ContinuousClock()
        for (index, message) in messages.enumerated() {
            let started = clock.now
            do {
                try connection.send("MAIL FROM:<bench-sender@customer.invalid>\r\n")
                try connection.expect(250)
                try connection.send("RCPT TO:<\(recipient)>\r\n")
                try connection.expect(250)
                try connection.send("DATA\r\n")
                try connection.expect(354)
                try connection.send(LMTPBlockingConnection.dotStuffed(message))
                try connection.expect(250)  // one reply per accepted recipient (RFC 2033 §4.2)
                outcome.latencies.append(started.duration(to: clock.now).nanoseconds)
            } catch {
                outcome.fail("\(error)", count: messages.count - index)
                return outcome
            }
        }
        try? connection.send("QUIT\r\n")
        return outcome
    }
}

/// What an ``LMTPLoadClient`` run measured.
public struct LMTPLoadOutcome: Sendable {
    /// Nanoseconds from `MAIL FROM` to the final `250`, per delivered message.
    public var latencies: [UInt64] = []
    public var failures = 0
    public var firstErrors: [String] = []

    mutating func fail(_ reason: String, count: Int) {
        failures += count
        if firstErrors.count < 3 { firstErrors.append(reason) }
    }

    mutating func merge(_ other: LMTPLoadOutcome) {
        latencies += other.latencies
        failures += other.failures
        firstErrors += other.firstErrors.prefix(max(0, 3 - firstErrors.count))
    }
}

/// A failed LMTP exchange: what was expected and what came.
struct LMTPExchangeError: Error, CustomStringConvertible {
    var description: String
}

/// One blocking client connection with a small line buffer.
final class LMTPBlockingConnection {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LMTPExchangeError(description: "cannot open a socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw LMTPExchangeError(description: "cannot connect to \(host):\(port)")
        }
    }

    func close() { Glibc.close(descriptor) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw LMTPExchangeError(description: "the connection closed while sending") }
            offset += written
        }
    }

    /// Reads one (possibly multi-line) reply and checks its code.
    func expect(_ code: Int) throws {
        while true {
            let line = try readLine()
            guard line.count >= 3, let received = Int(line.prefix(3)) else {
                throw LMTPExchangeError(description: "malformed reply: \(line.prefix(80))")
            }
            guard received == code else {
                throw LMTPExchangeError(description: "expected \(code), got: \(line.prefix(160))")
            }
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return }
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[..<end]
                buffer.removeSubrange(...end)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { throw LMTPExchangeError(description: "the server closed the connection") }
            buffer += chunk[..<received]
        }
    }

    /// The DATA payload: CRLF line ends, leading dots doubled (RFC 5321 §4.5.2), and the final `.` line.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { out += Array("\r\n".utf8) }
        out += Array(".\r\n".utf8)
        return out
    }
}
