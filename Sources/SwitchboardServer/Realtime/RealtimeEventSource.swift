import SwitchboardCore

/// Where the hub reads events it learns about only by id (from other instances) or must catch up on.
public protocol RealtimeEventSource: Sendable {
    /// The event with this id, or `nil` when there is none.
    func event(id: Int64) async throws -> Event?
    /// Events of one account with an id above `afterID`, in id order, at most `limit`.
    func events(accountID: Int64, afterID: Int64, limit: Int) async throws -> [Event]
}
