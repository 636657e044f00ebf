import Foundation
import SwitchboardStorage

/// Presence kept in the memory of this process: the ``PresenceStore`` for SQLite.
///
/// With SQLite one process owns the database, so every agent's heartbeats reach this registry and memory is exact;
/// it costs no write at all, where the shared table would cost a write transaction under SQLite's single writer
/// lock and ~8 KB of WAL per heartbeat (see ``PresenceStores``). With PostgreSQL several instances serve the same
/// agents, and ``DatabasePresenceStore`` is used instead so they all see each other.
///
/// An entry lapses when its page stops beating for ``ttl`` seconds.
actor PresenceRegistry: PresenceStore {
    private struct Key: Hashable {
        var accountID: Int64
        var ticketID: Int64
    }

    /// Seconds after the last heartbeat that a viewer still counts.
    nonisolated let ttl: TimeInterval
    /// Most tickets tracked at once; expired entries are dropped beyond this.
    let capacity: Int
    private var tickets: [Key: [Int64: PresenceViewer]] = [:]

    init(ttl: TimeInterval = PresenceStores.defaultTTL, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// Records that `userID` is on the ticket (typing or not) and returns everyone on it now, by name.
    func beat(
        accountID: Int64, ticketID: Int64, userID: Int64, name: String, typing: Bool, now: Date
    ) -> [PresenceViewer] {
        let key = Key(accountID: accountID, ticketID: ticketID)
        var viewers = (tickets[key] ?? [:]).filter { now.timeIntervalSince($0.value.seenAt) <= ttl }
        viewers[userID] = PresenceViewer(userID: userID, name: name, typing: typing, seenAt: now)
        tickets[key] = viewers
        if tickets.count > capacity { prune(now: now) }
        return Array(viewers.values).sortedForDisplay()
    }

    private func prune(now: Date) {
        tickets = tickets.compactMapValues { viewers in
            let alive = viewers.filter { now.timeIntervalSince($0.value.seenAt) <= ttl }
            return alive.isEmpty ? nil : alive
        }
    }
}
