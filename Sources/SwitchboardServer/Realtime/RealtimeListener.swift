/// A source of cross-instance event notifications for the ``RealtimeHub``.
public protocol RealtimeListener: Sendable {
    /// Runs until the task is cancelled: connects, calls ``RealtimeHub/catchUp()`` once listening (to cover
    /// events committed while it was not), hands every notification to ``RealtimeHub/receive(_:)``, and
    /// reconnects after the connection is lost.
    func listen(channel: String, hub: RealtimeHub) async
}
