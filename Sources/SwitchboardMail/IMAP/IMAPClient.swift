import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// An IMAP4rev1 client (RFC 3501) for one mailbox account: implicit TLS, STARTTLS or plain (only when configured,
/// for loopback tests); LOGIN or AUTHENTICATE PLAIN. ``withSession(logger:_:)`` connects, authenticates, runs the
/// caller's commands on an ``IMAPSession`` and logs out. Cancelling the task closes the connection.
public struct IMAPClient: Sendable {
    /// How to reach and authenticate with the server.
    public struct Configuration: Sendable, Equatable {
        public enum Security: String, Sendable, Equatable, CaseIterable {
            /// TLS from the first byte (port 993).
            case tls
            /// Plain connection upgraded with STARTTLS before logging in (port 143); fails when not offered.
            case startTLS = "starttls"
            /// No encryption. Only for loopback tests or a trusted local server.
            case none
        }

        public enum Authentication: String, Sendable, Equatable, CaseIterable {
            /// AUTHENTICATE PLAIN when the server offers it, LOGIN otherwise.
            case automatic = "auto"
            case login
            case plain
        }

        public var host: String
        public var port: Int
        public var security: Security
        public var username: String
        public var password: String
        public var authentication: Authentication
        /// PEM file of certificates to trust instead of the system store (a private server, tests).
        public var trustRootsFile: String?
        /// The name the certificate must carry; defaults to `host`.
        public var serverHostname: String?
        public var connectTimeout: TimeAmount
        /// Longest silence of the server while we wait for an answer.
        public var commandTimeout: TimeAmount
        public var limits: IMAPLimits

        public init(
            host: String, port: Int, security: Security = .tls, username: String, password: String,
            authentication: Authentication = .automatic, trustRootsFile: String? = nil,
            serverHostname: String? = nil, connectTimeout: TimeAmount = .seconds(30),
            commandTimeout: TimeAmount = .seconds(120), limits: IMAPLimits = IMAPLimits()
        ) {
            self.host = host
            self.port = port
            self.security = security
            self.username = username
            self.password = password
            self.authentication = authentication
            self.trustRootsFile = trustRootsFile
            self.serverHostname = serverHostname
            self.connectTimeout = connectTimeout
            self.commandTimeout = commandTimeout
            self.limits = limits
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Connects, secures and authenticates, runs `body`, then logs out and closes. Throws ``IMAPClientError``
    /// (or `CancellationError` when the task was cancelled).
    public func withSession<T: Sendable>(
        logger: Logger, _ body: (IMAPSession) async throws -> T
    ) async throws -> T {
        let configuration = configuration
        let tls = try makeTLSContext()
        let hostname = configuration.serverHostname ?? configuration.host
        let limits = configuration.limits
        let timeout = configuration.commandTimeout
        let channel: NIOAsyncChannel<IMAPFrame, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(configuration.connectTimeout)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if configuration.security == .tls, let tls {
                            let handler = try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(hostname))
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        try channel.pipeline.syncOperations.addHandler(IMAPReadTimeoutHandler(timeout: timeout))
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(IMAPFrameDecoder(limits: limits)))
                        return try NIOAsyncChannel<IMAPFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            try Task.checkCancellation()
            throw IMAPClientError(.connection, "cannot connect to \(configuration.host):\(configuration.port)")
        }
        let underlying = channel.channel
        do {
            return try await withTaskCancellationHandler {
                try await channel.executeThenClose { inbound, outbound in
                    let session = IMAPSession(
                        channel: underlying, inbound: inbound.makeAsyncIterator(), outbound: outbound,
                        configuration: configuration, logger: logger)
                    try await session.greeting()
                    if configuration.security == .startTLS {
                        guard let tls else { throw IMAPClientError(.configuration, "TLS is not set up") }
                        try await session.startTLS(context: tls, serverHostname: Self.sniName(hostname))
                    }
                    if !session.isAuthenticated {
                        try await session.authenticate(
                            username: configuration.username, password: configuration.password,
                            method: configuration.authentication)
                    }
                    let result: T
                    do {
                        result = try await body(session)
                    } catch {
                        throw CallerError(error: error)
                    }
                    await session.logout()
                    return result
                }
            } onCancel: {
                underlying.close(promise: nil)
            }
        } catch let wrapped as CallerError {
            try Task.checkCancellation()
            throw wrapped.error
        } catch let error as IMAPClientError {
            try Task.checkCancellation()
            throw error
        } catch let error as NIOSSLError {
            try Task.checkCancellation()
            throw IMAPClientError(.tls, "TLS failed: \(error)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            throw IMAPClientError(.connection, "the connection to the IMAP server failed")
        }
    }

    /// An error thrown by the caller's body, passed through unchanged.
    private struct CallerError: Error {
        var error: any Error
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw IMAPClientError(.configuration, "cannot read the trusted certificates in \(file)")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw IMAPClientError(.tls, "cannot set up TLS")
        }
    }

    /// SNI must not be an IP address.
    static func sniName(_ host: String) -> String? {
        host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }
}
