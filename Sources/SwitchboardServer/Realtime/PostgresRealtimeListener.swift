import Logging
import PostgresNIO

/// LISTENs on a PostgreSQL channel through one connection leased from the pool for as long as it listens
/// (so the pool needs one connection more than the requests use), and reconnects with a doubling delay
/// after the connection is lost.
public struct PostgresRealtimeListener: RealtimeListener {
    private let client: PostgresClient
    private let settings: RealtimeSettings
    private let logger: Logger

    public init(client: PostgresClient, settings: RealtimeSettings = RealtimeSettings(), logger: Logger) {
        self.client = client
        self.settings = settings
        self.logger = logger
    }

    public func listen(channel: String, hub: RealtimeHub) async {
        var delay = settings.reconnectDelay
        while !Task.isCancelled {
            let started = ContinuousClock.now
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        logger.debug("listening for events", metadata: ["switchboard.channel": "\(channel)"])
                        await hub.catchUp()
                        for try await notification in notifications {
                            if let parsed = EventNotification(payload: notification.payload) {
                                await hub.receive(parsed)
                            } else {
                                logger.warning(
                                    "ignoring malformed event notification",
                                    metadata: ["switchboard.channel": "\(channel)"])
                            }
                        }
                    }
                }
                if Task.isCancelled { return }
                logger.notice("event listener connection ended; reconnecting")
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "event listener failed; reconnecting",
                    metadata: ["switchboard.error": "\(error)"])
            }
            // A connection that stayed up for a while resets the backoff.
            if ContinuousClock.now - started > settings.maximumReconnectDelay { delay = settings.reconnectDelay }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
            delay = min(delay * 2, settings.maximumReconnectDelay)
        }
    }
}
