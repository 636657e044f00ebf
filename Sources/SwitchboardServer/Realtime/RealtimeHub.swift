import Logging
import Metrics
import ServiceLifecycle
import SwitchboardCore
import Synchronization

/// Fans committed events out to WebSocket subscribers of the same account, in commit order.
///
/// Controllers call ``publish(_:)`` after their transaction commits. On PostgreSQL the hub also LISTENs on the
/// `switchboard_events` channel (see ``RealtimeListener``) so that events committed by other instances reach
/// this instance's subscribers; every event is delivered once, whichever way it arrives first.
/// Run it in the application's `ServiceGroup`; on graceful shutdown it stops listening and ends every subscription.
///
/// Metrics: `switchboard_realtime_events_delivered_total`, `switchboard_realtime_subscribers_dropped_total`.
public final class RealtimeHub: Service, Sendable {
    private let settings: RealtimeSettings
    private let source: (any RealtimeEventSource)?
    private let listener: (any RealtimeListener)?
    private let logger: Logger
    private let registry: Mutex<HubRegistry>

    /// - Parameters:
    ///   - source: where events known only by id are read (needed with a listener and for catch-up); `nil`
    ///     for a hub that only sees local publishes.
    ///   - listener: the PostgreSQL LISTEN connection, or `nil` on SQLite (a single instance).
    public init(
        settings: RealtimeSettings = RealtimeSettings(), source: (any RealtimeEventSource)?,
        listener: (any RealtimeListener)?, logger: Logger
    ) {
        self.settings = settings
        self.source = source
        self.listener = listener
        self.logger = logger
        self.registry = Mutex(HubRegistry(recentCapacity: settings.recentIDCapacity))
    }

    /// Hands committed events to this instance's subscribers of their accounts. Call it after the commit,
    /// with the events in the order they were written. Events already delivered (e.g. seen through NOTIFY
    /// first) are skipped. Never blocks: a subscriber whose buffer is full is disconnected instead.
    public func publish(_ events: [Event]) {
        for event in events { deliver(event) }
    }

    /// Starts receiving events of `accountID` published from now on. The subscription ends on overflow, on
    /// shutdown or when its consumer stops iterating.
    public func subscribe(accountID: Int64) -> RealtimeSubscription {
        let (subscription, isShutDown) = registry.withLock { registry in
            let subscription = RealtimeSubscription(
                id: registry.makeID(), accountID: accountID, bufferSize: settings.subscriberBufferSize)
            if !registry.isShutDown { registry.add(subscription) }
            return (subscription, registry.isShutDown)
        }
        subscription.onTermination { [weak self] in
            self?.registry.withLock { $0.remove(accountID: accountID, id: subscription.id) }
        }
        if isShutDown { subscription.finish(.shutdown) }
        return subscription
    }

    /// The number of live subscriptions (for tests and metrics).
    public var subscriberCount: Int {
        registry.withLock { $0.subscribers.values.reduce(0) { $0 + $1.count } }
    }

    /// Runs the LISTEN loop (PostgreSQL) or waits (SQLite) until graceful shutdown, then ends all subscriptions.
    public func run() async throws {
        if let listener {
            await cancelWhenGracefulShutdown {
                await listener.listen(channel: self.settings.listenChannel, hub: self)
            }
        } else {
            try? await gracefulShutdown()
        }
        let remaining = registry.withLock { $0.shutDown() }
        for subscription in remaining { subscription.finish(.shutdown) }
        logger.debug("realtime hub stopped", metadata: ["switchboard.subscribers": "\(remaining.count)"])
    }

    /// Handles one NOTIFY payload from the listener: reads the event unless it was delivered already or
    /// nobody here listens to its account, then delivers it.
    public func receive(_ notification: EventNotification) async {
        let needed = registry.withLock { registry in
            registry.noteExists(notification.eventID)
            return !registry.wasDelivered(notification.eventID)
                && registry.hasSubscribers(accountID: notification.accountID)
        }
        guard needed, let source else { return }
        do {
            guard let event = try await source.event(id: notification.eventID),
                event.accountID == notification.accountID
            else {
                logger.warning(
                    "notified event not found",
                    metadata: ["switchboard.event_id": "\(notification.eventID)"])
                return
            }
            deliver(event)
        } catch {
            logger.error(
                "reading a notified event failed",
                metadata: ["switchboard.event_id": "\(notification.eventID)", "switchboard.error": "\(error)"])
        }
    }

    /// Delivers events committed while the listener was not connected: for every account with subscribers,
    /// those above the highest id delivered to it (or, if none was, the highest id heard of). Called by the
    /// listener each time LISTEN (re)starts. Not covered: events of a commit that overtook an earlier one
    /// (a lower id committed after a higher one) during the outage.
    public func catchUp() async {
        guard let source else { return }
        let starts = registry.withLock { registry in
            registry.subscribedAccounts.compactMap { account in
                registry.catchUpStart(accountID: account).map { (account, $0) }
            }
        }
        for (account, start) in starts {
            var after = start
            do {
                while true {
                    let page = try await source.events(
                        accountID: account, afterID: after, limit: settings.replayBatchSize)
                    for event in page { deliver(event) }
                    guard page.count == settings.replayBatchSize, let last = page.last else { break }
                    after = last.id
                }
            } catch {
                logger.error(
                    "realtime catch-up failed",
                    metadata: ["switchboard.account_id": "\(account)", "switchboard.error": "\(error)"])
            }
        }
    }

    private func deliver(_ event: Event) {
        let (delivered, overflowed) = registry.withLock { $0.deliver(event) }
        // Instruments are looked up when used, so that they bind to the metrics backend bootstrapped by then.
        if delivered { Counter(label: "switchboard_realtime_events_delivered_total").increment() }
        for subscription in overflowed {
            Counter(label: "switchboard_realtime_subscribers_dropped_total").increment()
            logger.notice(
                "realtime subscriber too slow; disconnecting",
                metadata: ["switchboard.account_id": "\(subscription.accountID)"])
            subscription.finish(.overflow)
        }
    }
}
