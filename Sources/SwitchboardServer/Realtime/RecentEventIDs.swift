/// A bounded set of the event ids delivered most recently, oldest forgotten first.
///
/// The hub hears of an event twice on PostgreSQL — from the controller that committed it and from its own
/// NOTIFY — and must deliver it once. Memory stays at `capacity` ids however long the server runs.
public struct RecentEventIDs: Sendable, Equatable {
    public let capacity: Int
    private var members: Set<Int64> = []
    private var order: [Int64] = []
    private var head = 0

    /// An empty set remembering at most `capacity` ids (at least one).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        members.reserveCapacity(self.capacity)
    }

    /// Whether `id` was inserted and not yet forgotten.
    public func contains(_ id: Int64) -> Bool { members.contains(id) }

    /// The number of ids remembered now (never more than `capacity`).
    public var count: Int { members.count }

    /// Remembers `id`; returns `false` when it was already there (a duplicate), `true` when it is new.
    /// Inserting into a full set forgets the oldest id.
    @discardableResult
    public mutating func insert(_ id: Int64) -> Bool {
        guard !members.contains(id) else { return false }
        if order.count < capacity {
            order.append(id)
        } else {
            members.remove(order[head])
            order[head] = id
            head = (head + 1) % capacity
        }
        members.insert(id)
        return true
    }
}
