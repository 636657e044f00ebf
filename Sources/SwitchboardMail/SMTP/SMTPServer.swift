import Logging
import NIOCore
import NIOPosix

/// What the SMTP/LMTP listener asks of the application: whether a recipient exists, and to store a message
/// for one recipient (returning only after it is committed).
public protocol SMTPDeliveryHandler: Sendable {
    /// Whether mail for `address` is accepted.
    func checkRecipient(_ address: String) async -> SMTPServerStateMachine.RecipientCheck
    /// Stores `envelope.message` for `recipient`; `.delivered` only after the commit.
    func deliver(_ envelope: SMTPEnvelope, to recipient: String) async -> SMTPServerStateMachine.DeliveryOutcome
}

/// An inbound SMTP or LMTP server on SwiftNIO. Each connection runs ``SMTPServerStateMachine`` over framed
/// lines (``SMTPLineDecoder``), strictly in order, so pipelined commands are answered in order. Idle
/// connections are closed with 421 after ``Configuration/idleTimeout``.
public struct SMTPServer: Sendable {
    /// Where to listen and the session limits.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (see the `onBound` callback of ``run(onBound:)``).
        public var port: Int
        public var session: SMTPServerStateMachine.Configuration
        /// Longest command line (RFC 5321: 512) and longest message line accepted.
        public var maxCommandLength: Int
        public var maxDataLineLength: Int
        /// A connection with no input for this long is closed.
        public var idleTimeout: TimeAmount
        /// Most connections served at once; more are answered 421 and closed.
        public var maxConnections: Int

        public init(host: String = "127.0.0.1", port: Int, session: SMTPServerStateMachine.Configuration,
                    maxCommandLength: Int = 2048, maxDataLineLength: Int = 64 * 1024,
                    idleTimeout: TimeAmount = .minutes(5), maxConnections: Int = 200) {
            self.host = host
            self.port = port
            self.session = session
            self.maxCommandLength = maxCommandLength
            self.maxDataLineLength = maxDataLineLength
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
        }
    }

    let configuration: Configuration
    let handler: any SMTPDeliveryHandler
    let logger: Logger

    public init(configuration: Configuration, handler: any SMTPDeliveryHandler, logger: Logger) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
    }

    /// Listens until the task is cancelled; `onBound` receives the bound port.
    public func run(onBound: @Sendable (Int) -> Void = { _ in }) async throws {
        let lineLimit = max(configuration.maxCommandLength, configuration.maxDataLineLength)
        let idle = configuration.idleTimeout
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                    try channel.pipeline.syncOperations.addHandler(IdleCloseHandler())
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(SMTPLineDecoder(maxLength: lineLimit)))
                    return try NIOAsyncChannel<SMTPLine, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        onBound(server.channel.localAddress?.port ?? configuration.port)
        logger.info("mail listener started", metadata: [
            "switchboard.protocol": .string(configuration.session.isLMTP ? "lmtp" : "smtp"),
            "switchboard.port": "\(server.channel.localAddress?.port ?? configuration.port)",
        ])
        let counter = ConnectionCounter()
        try await withTaskCancellationHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            let admitted = await counter.enter(limit: self.configuration.maxConnections)
                            await self.serve(connection, admitted: admitted)
                            await counter.leave()
                        }
                    }
                }
            }
        } onCancel: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<SMTPLine, ByteBuffer>, admitted: Bool) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                func send(_ reply: SMTPReply) async throws {
                    try await outbound.write(ByteBuffer(string: reply.wire))
                }
                guard admitted else {
                    try await send(SMTPReply(421, "4.3.2 Too many connections; try again later"))
                    return
                }
                var machine = SMTPServerStateMachine(configuration: configuration.session)
                try await send(machine.greeting)
                for try await line in inbound {
                    let limited = Self.enforceCommandLimit(
                        line, machine: machine, limit: configuration.maxCommandLength)
                    var pending = machine.receive(limited)
                    while !pending.isEmpty {
                        let action = pending.removeFirst()
                        switch action {
                        case .reply(let reply):
                            try await send(reply)
                        case .close:
                            return
                        case .checkRecipient(let address):
                            let result = await handler.checkRecipient(address)
                            pending.append(contentsOf: machine.recipientChecked(result))
                        case .deliver(let envelope):
                            var outcomes: [SMTPServerStateMachine.DeliveryOutcome] = []
                            for recipient in envelope.recipients {
                                outcomes.append(await handler.deliver(envelope, to: recipient))
                            }
                            pending.append(contentsOf: machine.deliveryFinished(outcomes))
                        }
                    }
                }
            }
        } catch {
            logger.debug("mail connection ended", metadata: ["switchboard.error": "\(type(of: error))"])
        }
    }

    /// Command lines (outside DATA) longer than the command limit count as too long.
    static func enforceCommandLimit(_ line: SMTPLine, machine: SMTPServerStateMachine, limit: Int) -> SMTPLine {
        guard case .line(let bytes) = line, bytes.count > limit, !machine.isInData else { return line }
        return .tooLong
    }
}

extension SMTPServerStateMachine {
    /// Whether message lines are being received.
    var isInData: Bool {
        if case .data = state { return true }
        return false
    }
}

/// Counts open connections.
actor ConnectionCounter {
    private var open = 0

    func enter(limit: Int) -> Bool {
        open += 1
        return open <= limit
    }

    func leave() {
        open -= 1
    }
}

/// Answers 421 and closes a connection that was idle for the read timeout.
final class IdleCloseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            let reply = ByteBuffer(string: SMTPReply(421, "4.4.2 Idle for too long; closing connection").wire)
            let channel = context.channel
            channel.writeAndFlush(reply).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
