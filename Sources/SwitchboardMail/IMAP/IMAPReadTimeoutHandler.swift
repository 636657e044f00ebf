import NIOCore

/// Asks ``IMAPReadTimeoutHandler`` to use a new timeout from now on (sent as a user outbound event; IDLE uses a
/// longer one while it waits).
struct IMAPReadTimeout: Sendable {
    var amount: TimeAmount
}

/// Closes the connection with ``IMAPClientError`` (`timeout`) when the server sends nothing for the current
/// timeout. Every received byte restarts the clock.
final class IMAPReadTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var timeout: TimeAmount
    private var scheduled: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arm(context)
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let change = event as? IMAPReadTimeout {
            timeout = change.amount
            arm(context)
            promise?.succeed(())
            return
        }
        context.triggerUserOutboundEvent(event, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        scheduled?.cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let seconds = timeout.nanoseconds / 1_000_000_000
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            let context = bound.value
            context.fireErrorCaught(IMAPClientError(.timeout, "the server sent nothing for \(seconds) s"))
            context.close(promise: nil)
        }
    }
}
