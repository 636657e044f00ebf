import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail to one SMTP server (a relay): plain, STARTTLS or implicit TLS; AUTH PLAIN or LOGIN; SIZE and
/// dot-stuffing. One connection per ``send(from:to:message:)``.
public struct SMTPClient: Sendable {
    /// How to reach and authenticate with the server.
    public struct Configuration: Sendable {
        public enum Security: Sendable, Equatable {
            case none
            case startTLS
            case implicitTLS
        }

        public var host: String
        public var port: Int
        public var security: Security
        public var username: String?
        public var password: String?
        /// PEM file of certificates to trust instead of the system store (a private relay, tests).
        public var trustRootsFile: String?
        /// The name the certificate must carry; defaults to `host`.
        public var serverHostname: String?
        /// The name we announce in EHLO.
        public var heloName: String
        /// Longest wait for any one reply.
        public var replyTimeout: TimeAmount

        public init(host: String, port: Int, security: Security = .startTLS, username: String? = nil,
                    password: String? = nil, trustRootsFile: String? = nil, serverHostname: String? = nil,
                    heloName: String = "switchboard.localdomain", replyTimeout: TimeAmount = .seconds(120)) {
            self.host = host
            self.port = port
            self.security = security
            self.username = username
            self.password = password
            self.trustRootsFile = trustRootsFile
            self.serverHostname = serverHostname
            self.heloName = heloName
            self.replyTimeout = replyTimeout
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Sends `message` (CRLF lines) from `sender` to `recipients`. Throws ``SMTPClientError``; succeeds only when
    /// the server accepted the message (250 after DATA).
    public func send(from sender: String, to recipients: [String], message: [UInt8]) async throws {
        guard !recipients.isEmpty else { throw SMTPClientError(code: 554, message: "no recipients") }
        let tls = try makeTLSContext()
        let hostname = configuration.serverHostname ?? configuration.host
        let implicit = configuration.security == .implicitTLS
        let timeout = configuration.replyTimeout
        let channel: NIOAsyncChannel<SMTPLine, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(30))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicit, let tls {
                            let handler = try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(hostname))
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: timeout))
                        try channel.pipeline.syncOperations.addHandler(ClientIdleCloseHandler())
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(SMTPLineDecoder(maxLength: 4096)))
                        return try NIOAsyncChannel<SMTPLine, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPClientError(code: nil, message: "cannot connect to \(configuration.host):\(configuration.port)")
        }
        let underlying = channel.channel
        do {
            try await channel.executeThenClose { inbound, outbound in
                var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                try await session.expect(220, after: nil)
                var capabilities = try await session.hello(configuration.heloName)
                if configuration.security == .startTLS {
                    guard capabilities.contains("STARTTLS"), let tls else {
                        throw SMTPClientError(code: nil, message: "the server does not offer STARTTLS")
                    }
                    try await session.command("STARTTLS", expect: 220)
                    try await underlying.eventLoop.submit {
                        let handler = try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(hostname))
                        try underlying.pipeline.syncOperations.addHandler(handler, position: .first)
                    }.get()
                    capabilities = try await session.hello(configuration.heloName)
                }
                if let username = configuration.username, let password = configuration.password {
                    try await session.authenticate(username: username, password: password, capabilities: capabilities)
                }
                var mailFrom = "MAIL FROM:<\(Self.clean(sender))>"
                if capabilities.contains(where: { $0.hasPrefix("SIZE") }) { mailFrom += " SIZE=\(message.count)" }
                try await session.command(mailFrom, expect: 250)
                var accepted = 0
                var lastRejection: SMTPClientError?
                for recipient in recipients {
                    let reply = try await session.send("RCPT TO:<\(Self.clean(recipient))>")
                    if reply.code == 250 || reply.code == 251 {
                        accepted += 1
                    } else {
                        lastRejection = SMTPClientError(code: reply.code, message: reply.text)
                    }
                }
                guard accepted > 0 else {
                    throw lastRejection ?? SMTPClientError(code: 554, message: "no recipient was accepted")
                }
                try await session.command("DATA", expect: 354)
                try await session.write(Self.dotStuffed(message))
                try await session.expect(250, after: "DATA")
                _ = try? await session.send("QUIT")
            }
        } catch let error as SMTPClientError {
            throw error
        } catch let error as NIOSSLError {
            throw SMTPClientError(code: nil, message: "TLS failed: \(error)")
        } catch {
            throw SMTPClientError(code: nil, message: "the connection to the mail server failed")
        }
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw SMTPClientError(code: nil, message: "cannot read the trusted certificates in \(file)")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPClientError(code: nil, message: "cannot set up TLS")
        }
    }

    /// SNI must not be an IP address.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : host
    }

    static func clean(_ address: String) -> String {
        String(String.UnicodeScalarView(address.unicodeScalars.filter {
            $0.value > 0x20 && $0.value != 0x7f && $0 != "<" && $0 != ">"
        }))
    }

    /// The message with lines starting with `.` doubled, bare LF turned into CRLF, and the final `.` line.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == 10 && previous != 13 { output.append(13) }
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == 10
            previous = byte
        }
        if !atLineStart { output += [13, 10] }
        output += Array(".\r\n".utf8)
        return output
    }

    /// The conversation over one connection.
    struct Session {
        var inbound: NIOAsyncChannelInboundStream<SMTPLine>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var parser = SMTPResponseParser()

        mutating func read() async throws -> SMTPResponse {
            while true {
                guard let line = try await inbound.next() else {
                    throw SMTPClientError(code: nil, message: "the server closed the connection")
                }
                guard case .line(let bytes) = line else {
                    throw SMTPClientError(code: nil, message: "the server sent an over-long line")
                }
                if let response = try parser.feed(String(decoding: bytes, as: UTF8.self)) { return response }
            }
        }

        func write(_ bytes: [UInt8]) async throws {
            try await outbound.write(ByteBuffer(bytes: bytes))
        }

        mutating func send(_ command: String) async throws -> SMTPResponse {
            try await write(Array((command + "\r\n").utf8))
            return try await read()
        }

        mutating func expect(_ code: Int, after command: String?) async throws {
            let reply = try await read()
            guard reply.code == code else { throw SMTPClientError(code: reply.code, message: reply.text) }
        }

        mutating func command(_ command: String, expect code: Int) async throws {
            let reply = try await send(command)
            guard reply.code == code else { throw SMTPClientError(code: reply.code, message: reply.text) }
        }

        /// EHLO; returns the capability keywords (upper-cased lines after the first).
        mutating func hello(_ name: String) async throws -> [String] {
            let reply = try await send("EHLO \(name)")
            guard reply.code == 250 else { throw SMTPClientError(code: reply.code, message: reply.text) }
            return reply.lines.dropFirst().map { $0.uppercased() }
        }

        mutating func authenticate(username: String, password: String, capabilities: [String]) async throws {
            let mechanisms = capabilities.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
                .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) }
            if mechanisms.contains("PLAIN") || mechanisms.isEmpty {
                let token = MIMEEncoding.base64(Array("\0\(username)\0\(password)".utf8))
                let reply = try await send("AUTH PLAIN \(token)")
                guard reply.code == 235 else { throw Self.authError(reply) }
            } else if mechanisms.contains("LOGIN") {
                var reply = try await send("AUTH LOGIN")
                guard reply.code == 334 else { throw Self.authError(reply) }
                reply = try await send(MIMEEncoding.base64(Array(username.utf8)))
                guard reply.code == 334 else { throw Self.authError(reply) }
                reply = try await send(MIMEEncoding.base64(Array(password.utf8)))
                guard reply.code == 235 else { throw Self.authError(reply) }
            } else {
                throw SMTPClientError(code: 504, message: "the server offers neither AUTH PLAIN nor AUTH LOGIN")
            }
        }

        static func authError(_ reply: SMTPResponse) -> SMTPClientError {
            // Not permanent: once an operator fixes the credentials, queued mail should still go out.
            SMTPClientError(code: nil, message: "authentication failed: \(reply.code) \(reply.text)")
        }
    }
}

/// Closes a client connection that waited too long for a reply.
final class ClientIdleCloseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
