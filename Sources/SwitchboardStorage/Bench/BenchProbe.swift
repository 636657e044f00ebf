import Foundation
import SQLKit
import SwitchboardCore

/// Facts about a loaded dataset that the HTTP benchmark needs: a keyset cursor deep in the inbox, the ticket with
/// the longest thread, a token for an agent.
public enum BenchProbe {
    /// The inbox cursor (default sort, newest first) positioned after the `offset`-th ticket, as a client paging
    /// that far would hold it; `nil` when the account has fewer tickets.
    public static func inboxCursor(accountID: Int64, offset: Int, on db: any SQLDatabase) async throws -> String? {
        guard let row = try await db.raw("""
            SELECT created_at, id FROM tickets WHERE account_id = \(bind: accountID)
            ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET \(literal: max(0, offset))
            """).first()
        else { return nil }
        return TicketCursor(
            sort: TicketSort.createdDesc.rawValue, value: try row.value("created_at"), id: try row.value("id")
        ).encoded()
    }

    /// The id and message count of the ticket with the most messages, or `nil` without tickets.
    public static func longestThread(
        accountID: Int64, on db: any SQLDatabase
    ) async throws -> (id: Int64, messages: Int)? {
        guard let row = try await db.raw("""
            SELECT id, message_count FROM tickets WHERE account_id = \(bind: accountID)
            ORDER BY message_count DESC, id LIMIT 1
            """).first()
        else { return nil }
        return (try row.value("id"), try row.value("message_count", as: Int.self))
    }

    /// Up to `limit` of the newest tickets that accept a reply (not closed).
    public static func replyableTickets(accountID: Int64, limit: Int, on db: any SQLDatabase) async throws -> [Int64] {
        try await db.raw("""
            SELECT id FROM tickets WHERE account_id = \(bind: accountID) AND status <> 'closed'
            ORDER BY id DESC LIMIT \(literal: max(1, limit))
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
    }
}
