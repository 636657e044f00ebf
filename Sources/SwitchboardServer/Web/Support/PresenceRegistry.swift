import Foundation

/// Who is looking at (or typing on) which ticket, from the heartbeats of open ticket pages.
///
/// Kept in memory of this instance; an entry lapses when its page stops beating for ``ttl`` seconds.
/// With several instances behind a load balancer an agent sees the colleagues on the same instance only.
actor PresenceRegistry {
    /// One person on a ticket.
    struct Viewer: Sendable, Equatable {
        var userID: Int64
        var name: String
        var typing: Bool
        var seen: Date
    }

    private struct Key: Hashable {
        var accountID: Int64
        var ticketID: Int64
    }

    /// Seconds after the last heartbeat that a viewer still counts.
    let ttl: TimeInterval
    /// Most tickets tracked at once; the stalest are dropped beyond this.
    let capacity: Int
    private var tickets: [Key: [Int64: Viewer]] = [:]

    init(ttl: TimeInterval = 12, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// Records that `userID` is on the ticket (typing or not) and returns everyone on it now, by name.
    func beat(accountID: Int64, ticketID: Int64, userID: Int64, name: String, typing: Bool, now: Date) -> [Viewer] {
        let key = Key(accountID: accountID, ticketID: ticketID)
        var viewers = (tickets[key] ?? [:]).filter { now.timeIntervalSince($0.value.seen) <= ttl }
        viewers[userID] = Viewer(userID: userID, name: name, typing: typing, seen: now)
        tickets[key] = viewers
        if tickets.count > capacity { prune(now: now) }
        return viewers.values.sorted { $0.name < $1.name }
    }

    private func prune(now: Date) {
        tickets = tickets.compactMapValues { viewers in
            let alive = viewers.filter { now.timeIntervalSince($0.value.seen) <= ttl }
            return alive.isEmpty ? nil : alive
        }
    }
}
