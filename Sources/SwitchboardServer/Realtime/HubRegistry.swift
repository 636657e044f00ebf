import SwitchboardCore

/// The hub's bookkeeping as a pure value: who listens to which account, which events were delivered, and the
/// highest event id delivered per account and heard of overall (where a catch-up after a lost LISTEN
/// connection starts).
struct HubRegistry: Sendable {
    private(set) var subscribers: [Int64: [UInt64: RealtimeSubscription]] = [:]
    private(set) var recent: RecentEventIDs
    private(set) var highWater: [Int64: Int64] = [:]
    /// The highest event id this instance has heard of, any account (events ids are one global sequence).
    private(set) var globalHighWater: Int64?
    private var nextID: UInt64 = 1
    private(set) var isShutDown = false

    init(recentCapacity: Int) {
        recent = RecentEventIDs(capacity: recentCapacity)
    }

    /// A fresh subscription id.
    mutating func makeID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    mutating func add(_ subscription: RealtimeSubscription) {
        subscribers[subscription.accountID, default: [:]][subscription.id] = subscription
    }

    mutating func remove(accountID: Int64, id: UInt64) {
        subscribers[accountID]?[id] = nil
        if subscribers[accountID]?.isEmpty == true { subscribers[accountID] = nil }
    }

    /// Whether anyone on this instance listens to the account.
    func hasSubscribers(accountID: Int64) -> Bool { subscribers[accountID] != nil }

    /// Accounts with at least one subscriber.
    var subscribedAccounts: [Int64] { Array(subscribers.keys) }

    /// Records that an event with this id exists (from a notification), whether or not it is delivered here.
    mutating func noteExists(_ id: Int64) {
        globalHighWater = max(globalHighWater ?? 0, id)
    }

    /// Where a catch-up for `accountID` starts: the highest id delivered to it, else the highest id heard of.
    func catchUpStart(accountID: Int64) -> Int64? {
        highWater[accountID] ?? globalHighWater
    }

    /// Whether the event was already delivered (and is still remembered).
    func wasDelivered(_ id: Int64) -> Bool { recent.contains(id) }

    /// Delivers `event` to its account's subscribers unless it was delivered before. Returns the subscriptions
    /// whose buffers overflowed: they are removed here and must be finished by the caller outside any lock.
    mutating func deliver(_ event: Event) -> (delivered: Bool, overflowed: [RealtimeSubscription]) {
        guard !isShutDown, recent.insert(event.id) else { return (false, []) }
        highWater[event.accountID] = max(highWater[event.accountID] ?? 0, event.id)
        noteExists(event.id)
        var overflowed: [RealtimeSubscription] = []
        for subscription in (subscribers[event.accountID] ?? [:]).values where !subscription.offer(event) {
            overflowed.append(subscription)
            remove(accountID: subscription.accountID, id: subscription.id)
        }
        return (true, overflowed)
    }

    /// Marks the registry shut down and returns every subscription, now removed, for the caller to finish.
    mutating func shutDown() -> [RealtimeSubscription] {
        isShutDown = true
        let all = subscribers.values.flatMap { $0.values }
        subscribers = [:]
        return all
    }
}
