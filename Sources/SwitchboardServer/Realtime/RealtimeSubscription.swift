import SwitchboardCore
import Synchronization

/// One subscriber of the realtime hub (one WebSocket connection): its account's events in commit order.
///
/// Iterate it once. The queue is bounded: a subscriber that falls more than the hub's buffer size behind is
/// ended with ``EndReason/overflow`` instead of growing memory; it may reconnect with `?after=<last id>`.
public final class RealtimeSubscription: AsyncSequence, Sendable {
    public typealias Element = Event

    /// Why a subscription stopped delivering.
    public enum EndReason: String, Sendable, Equatable {
        /// The subscriber fell behind by more than the buffer size.
        case overflow
        /// The hub shut down.
        case shutdown
        /// The subscriber went away (cancelled, or ``RealtimeSubscription/cancel()``).
        case cancelled
    }

    /// Identifies the subscription inside its hub.
    public let id: UInt64
    /// The account whose events this subscriber receives.
    public let accountID: Int64
    private let stream: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let reason = Mutex<EndReason?>(nil)

    init(id: UInt64, accountID: Int64, bufferSize: Int) {
        self.id = id
        self.accountID = accountID
        (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
    }

    /// Why delivery stopped, or `nil` while the subscription is live.
    public var endReason: EndReason? { reason.withLock { $0 } }

    /// Queues `event`; `false` when the buffer is full (the caller then ends the subscription) or it has ended.
    func offer(_ event: Event) -> Bool {
        if case .enqueued = continuation.yield(event) { return true }
        return false
    }

    /// Ends delivery; events already queued are still handed out, then iteration stops.
    func finish(_ why: EndReason) {
        reason.withLock { current in
            if current == nil { current = why }
        }
        continuation.finish()
    }

    /// Stops the subscription from the subscriber's side.
    public func cancel() { finish(.cancelled) }

    /// Registers the hub's clean-up, run once when the subscription ends for any reason.
    func onTermination(_ action: @escaping @Sendable () -> Void) {
        continuation.onTermination = { _ in action() }
    }

    public func makeAsyncIterator() -> AsyncStream<Event>.Iterator { stream.makeAsyncIterator() }
}
