/// Tuning of the realtime hub and the event stream.
///
/// | setting | default | meaning |
/// |---|---|---|
/// | `subscriberBufferSize` | `512` | events queued for one WebSocket; beyond that it is too slow and is dropped |
/// | `recentIDCapacity` | `16384` | ids of recently delivered events kept to drop duplicates (local publish + NOTIFY) |
/// | `replayBatchSize` | `200` | events read per query when a client catches up with `?after=` |
/// | `replayLimit` | `5000` | most events replayed to one client; a client further behind is told to reload |
/// | `listenChannel` | `switchboard_events` | PostgreSQL channel carrying `<account_id>:<event_id>` |
/// | `reconnectDelay` | `1 s` (doubling up to `30 s`) | pause before the LISTEN connection is opened again |
public struct RealtimeSettings: Sendable, Equatable {
    public var subscriberBufferSize: Int
    public var recentIDCapacity: Int
    public var replayBatchSize: Int
    public var replayLimit: Int
    public var listenChannel: String
    public var reconnectDelay: Duration
    public var maximumReconnectDelay: Duration

    /// The defaults in the table above.
    public init(
        subscriberBufferSize: Int = 512,
        recentIDCapacity: Int = 16384,
        replayBatchSize: Int = 200,
        replayLimit: Int = 5000,
        listenChannel: String = "switchboard_events",
        reconnectDelay: Duration = .seconds(1),
        maximumReconnectDelay: Duration = .seconds(30)
    ) {
        self.subscriberBufferSize = max(1, subscriberBufferSize)
        self.recentIDCapacity = max(1, recentIDCapacity)
        self.replayBatchSize = max(1, replayBatchSize)
        self.replayLimit = max(1, replayLimit)
        self.listenChannel = listenChannel
        self.reconnectDelay = reconnectDelay
        self.maximumReconnectDelay = maximumReconnectDelay
    }
}
