import Foundation
import SQLKit
import SwitchboardCore

/// Maintained per-account ticket counts (by status; unsolved unassigned, per assignee, per team), updated inside
/// ``TicketOperations`` in the same transaction as the ticket — never counted per page view.
///
/// A count is the sum of its rows over `shard`. On PostgreSQL each transaction adds to the shard of its connection
/// (``shards`` of them): a counter row stays locked until its transaction commits, so with a single row per count
/// every ticket create of an account (all of which move `status/new`) would wait for the previous one's commit.
/// SQLite, with one writer, uses shard 0 only.
public struct TicketCounterRepository: Sendable {
    public init() {}

    /// The shards of each count on PostgreSQL.
    static let shards = 16

    /// The account's counts: one small indexed read.
    public func counts(accountID: Int64, on db: any SQLDatabase) async throws -> TicketCounts {
        let rows = try await db.raw("""
            SELECT dimension, key, CAST(SUM(count) AS BIGINT) AS count FROM ticket_counters
            WHERE account_id = \(bind: accountID) GROUP BY dimension, key HAVING SUM(count) <> 0
            """).all()
        var counts = TicketCounts()
        for row in rows {
            let dimension: String = try row.value("dimension")
            let key: String = try row.value("key")
            let count = try row.int("count")
            switch dimension {
            case "status":
                if let status = TicketStatus(rawValue: key) { counts.byStatus[status] = count }
            case "unassigned":
                counts.unassignedUnsolved = count
            case "assignee":
                if let id = Int64(key) { counts.byAssignee[id] = count }
            case "team":
                if let id = Int64(key) { counts.byTeam[id] = count }
            default:
                continue
            }
        }
        return counts
    }

    /// Recomputes the account's counters from the tickets (repair tool; O(tickets)).
    public func rebuild(accountID: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM ticket_counters WHERE account_id = \(bind: accountID)").run()
        let rows = try await db.raw("""
            SELECT status, assignee_id, team_id FROM tickets WHERE account_id = \(bind: accountID)
            """).all()
        var totals: [CounterKey: Int] = [:]
        for row in rows {
            for key in CounterKey.keys(
                status: try row.enumValue("status"), assigneeID: try row.optional("assignee_id"),
                teamID: try row.optional("team_id"))
            {
                totals[key, default: 0] += 1
            }
        }
        try await Self.apply(totals, accountID: accountID, on: db)
    }

    /// Moves the counters from `before` (nil for a new ticket) to `after`.
    static func adjust(accountID: Int64, from before: Ticket?, to after: Ticket, on db: any SQLDatabase) async throws {
        var delta: [CounterKey: Int] = [:]
        if let before { for key in CounterKey.keys(before) { delta[key, default: 0] -= 1 } }
        for key in CounterKey.keys(after) { delta[key, default: 0] += 1 }
        try await apply(delta.filter { $0.value != 0 }, accountID: accountID, on: db)
    }

    /// Upserts the deltas in one statement into the connection's shard, rows in key order, so two transactions that
    /// each call this once cannot deadlock on counter rows. A transaction that calls it twice (a macro's reply and
    /// update, an ingested mail and its acknowledgement) can still meet another in opposite order on a shared shard;
    /// PostgreSQL then ends one of them and ``Database/write(_:)`` runs it again. Each key appears once, as an upsert
    /// requires.
    static func apply(_ delta: [CounterKey: Int], accountID: Int64, on db: any SQLDatabase) async throws {
        let sorted = delta.sorted(by: { $0.key < $1.key })
        guard !sorted.isEmpty else { return }
        // One connection runs one transaction at a time, so the transaction's rows are all in one shard.
        let shard: SQLText = db.isPostgres ? "pg_backend_pid() % \(unsafeRaw: String(shards))" : "0"
        var sql: SQLText = "INSERT INTO ticket_counters (account_id, dimension, key, shard, count) VALUES "
        for (index, (key, change)) in sorted.enumerated() {
            sql += index == 0 ? "" : ", "
            sql += "(\(bind: accountID), \(bind: key.dimension), \(bind: key.key), \(shard), \(bind: Int64(change)))"
        }
        sql += """
             ON CONFLICT (account_id, dimension, key, shard)
             DO UPDATE SET count = ticket_counters.count + excluded.count
            """
        try await db.run(sql)
    }
}

/// One counter row: a dimension and its key.
struct CounterKey: Hashable, Comparable {
    var dimension: String
    var key: String

    static func < (lhs: CounterKey, rhs: CounterKey) -> Bool {
        (lhs.dimension, lhs.key) < (rhs.dimension, rhs.key)
    }

    static func keys(_ ticket: Ticket) -> [CounterKey] {
        keys(status: ticket.status, assigneeID: ticket.assigneeID, teamID: ticket.teamID)
    }

    /// The counters a ticket contributes one to.
    static func keys(status: TicketStatus, assigneeID: Int64?, teamID: Int64?) -> [CounterKey] {
        var keys = [CounterKey(dimension: "status", key: status.rawValue)]
        if status.isUnsolved {
            if let assigneeID {
                keys.append(CounterKey(dimension: "assignee", key: String(assigneeID)))
            } else {
                keys.append(CounterKey(dimension: "unassigned", key: ""))
            }
            if let teamID { keys.append(CounterKey(dimension: "team", key: String(teamID))) }
        }
        return keys
    }
}
