import Foundation
import SwitchboardStorage

/// Presence in the shared `ticket_presence` table: the ``PresenceStore`` for PostgreSQL, where several instances
/// serve the same agents and each must see the heartbeats that reached the others.
///
/// A heartbeat is one write transaction holding ONE statement (the upsert), followed in it by the read of the
/// live viewers, so the answer always includes the caller. Expired rows are ignored here and deleted by
/// ``Housekeeping``.
struct DatabasePresenceStore: PresenceStore {
    let database: Database
    let ttl: TimeInterval

    func beat(
        accountID: Int64, ticketID: Int64, userID: Int64, name: String, typing: Bool, now: Date
    ) async throws -> [PresenceViewer] {
        let since = now.addingTimeInterval(-ttl)
        return try await database.write { db in
            let presence = PresenceRepository()
            try await presence.save(
                accountID: accountID, ticketID: ticketID, userID: userID, typing: typing, at: now, on: db)
            return try await presence.list(accountID: accountID, ticketID: ticketID, since: since, on: db)
        }
    }
}
