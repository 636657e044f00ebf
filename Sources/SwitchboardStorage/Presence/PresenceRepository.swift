import Foundation
import SQLKit

/// Who is viewing or typing on which ticket, in the shared `ticket_presence` table, so that every instance on one
/// database sees the heartbeats that reached the others.
///
/// An entry is one (account, ticket, user) with the time of its last heartbeat. Entries older than the caller's
/// TTL are ignored by ``list(accountID:ticketID:since:limit:on:)`` and removed by ``deleteExpired(before:on:)``
/// (housekeeping). On PostgreSQL the table is UNLOGGED (see `M0010_CreateTicketPresence`).
public struct PresenceRepository: Sendable {
    public init() {}

    /// Records a heartbeat of `userID` on the ticket at `at`: inserts the entry or refreshes its `typing` and time,
    /// in ONE statement. The caller checks that the ticket belongs to `accountID`.
    public func save(
        accountID: Int64, ticketID: Int64, userID: Int64, typing: Bool, at: Date, on db: any SQLDatabase
    ) async throws {
        try await db.raw("""
            INSERT INTO ticket_presence (account_id, ticket_id, user_id, typing, seen_at)
            VALUES (\(bind: accountID), \(bind: ticketID), \(bind: userID), \(bind: typing), \(bind: at.storageMicros))
            ON CONFLICT (account_id, ticket_id, user_id)
            DO UPDATE SET typing = excluded.typing, seen_at = excluded.seen_at
            """).run()
    }

    /// The people on the ticket whose last heartbeat is at or after `since`, with their names, sorted by name
    /// (then user id); at most `limit` (the most recently seen). Entries of users that no longer exist are left out.
    public func list(
        accountID: Int64, ticketID: Int64, since: Date, limit: Int = 100, on db: any SQLDatabase
    ) async throws -> [PresenceViewer] {
        let rows = try await db.raw("""
            SELECT p.user_id, u.name, p.typing, p.seen_at
            FROM ticket_presence p
            JOIN users u ON u.id = p.user_id AND u.account_id = p.account_id
            WHERE p.account_id = \(bind: accountID) AND p.ticket_id = \(bind: ticketID)
              AND p.seen_at >= \(bind: since.storageMicros)
            ORDER BY p.seen_at DESC, p.user_id
            LIMIT \(bind: max(1, limit))
            """).all()
        return try rows.map { row in
            PresenceViewer(
                userID: try row.value("user_id"), name: try row.value("name"), typing: try row.bool("typing"),
                seenAt: try row.date("seen_at"))
        }.sortedForDisplay()
    }

    /// Deletes the entries last seen before `before` (every account); returns how many.
    @discardableResult
    public func deleteExpired(before: Date, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            DELETE FROM ticket_presence WHERE seen_at < \(bind: before.storageMicros) RETURNING user_id
            """).all().count
    }
}
