import Foundation
import SQLKit
import SwitchboardCore

/// Reading tickets: by id, by number, keyset-paginated lists, and by a message's external id.
public struct TicketRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        t.id, t.account_id, t.number, t.subject, t.status, t.priority, t.type, t.channel, t.inbox_id, \
        t.requester_id, t.organization_id, t.assignee_id, t.team_id, t.tags, t.custom_fields, t.merged_into_id, \
        t.follow_up_of_id, t.created_at, t.updated_at, t.first_response_at, t.solved_at, t.waiting_since, \
        t.reopen_count, t.last_message_preview, t.message_count
        """

    /// The ticket, or `nil` when it is not in the account.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Ticket? {
        try await get(accountID: accountID, id: id, forUpdate: false, on: db)
    }

    /// The ticket with this per-account number, or `nil`.
    public func get(accountID: Int64, number: Int64, on db: any SQLDatabase) async throws -> Ticket? {
        try await db.raw("""
            SELECT \(Self.columns) FROM tickets t WHERE t.account_id = \(bind: accountID) AND t.number = \(bind: number)
            """).first().map(Self.decode)
    }

    /// The ticket whose message has this external id (threading, de-duplication), or `nil`.
    public func getByMessageExternalID(
        accountID: Int64, externalID: String, on db: any SQLDatabase
    ) async throws -> Ticket? {
        try await db.raw("""
            SELECT \(Self.columns) FROM messages m JOIN tickets t ON t.id = m.ticket_id AND t.account_id = m.account_id
            WHERE m.account_id = \(bind: accountID) AND m.external_id = \(bind: externalID)
            """).first().map(Self.decode)
    }

    /// One page of tickets matching `query`, in its keyset order: a single indexed query; tags come with the rows.
    public func list(_ query: TicketQuery, accountID: Int64, on db: any SQLDatabase) async throws -> Page<Ticket> {
        let limit = try checkedLimit(query.limit)
        let rows = try await db.raw(try Self.listSQL(query, accountID: accountID)).all()
        let tickets = try rows.prefix(limit).map(Self.decode)
        var next: String?
        if rows.count > limit, let last = tickets.last {
            let value = Self.sortValue(last, query.sort)
            next = TicketCursor(sort: query.sort.rawValue, value: value, id: last.id).encoded()
        }
        return Page(items: tickets, nextCursor: next)
    }

    /// The list query: filters, the keyset condition after the cursor, the sort, and `limit + 1` rows.
    static func listSQL(_ query: TicketQuery, accountID: Int64) throws -> SQLQueryString {
        let limit = try checkedLimit(query.limit)
        let sort = query.sort
        var sql: SQLQueryString = "SELECT \(Self.columns) FROM tickets t WHERE t.account_id = \(bind: accountID)"
        sql += try TicketFilterSQL.conditions(query)
        if let cursorText = query.cursor {
            let cursor = try TicketCursor.decode(cursorText, for: sort)
            let column = SQLColumn(sort.column, table: "t")
            if sort.isDescending {
                sql += " AND (\(column), t.id) < (\(bind: cursor.value), \(bind: cursor.id))"
            } else {
                sql += " AND (\(column), t.id) > (\(bind: cursor.value), \(bind: cursor.id))"
            }
        }
        sql += TicketFilterSQL.orderBy(sort)
        sql += " LIMIT \(literal: limit + 1)"
        return sql
    }

    static func sortValue(_ ticket: Ticket, _ sort: TicketSort) -> Int64 {
        switch sort {
        case .createdDesc, .createdAsc: ticket.createdAt.storageMicros
        case .updatedDesc, .updatedAsc: ticket.updatedAt.storageMicros
        case .priorityDesc, .priorityAsc: Int64(ticket.priority.rank)
        }
    }

    func get(accountID: Int64, id: Int64, forUpdate: Bool, on db: any SQLDatabase) async throws -> Ticket? {
        var sql: SQLQueryString = """
            SELECT \(Self.columns) FROM tickets t WHERE t.account_id = \(bind: accountID) AND t.id = \(bind: id)
            """
        if forUpdate, db.isPostgres { sql += " FOR UPDATE" }
        return try await db.raw(sql).first().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Ticket {
        let rank = try row.int("priority")
        guard let priority = TicketPriority(rank: rank) else {
            throw SwitchboardError(.internalError, "stored value of priority is not recognised")
        }
        return Ticket(
            id: try row.value("id"), accountID: try row.value("account_id"), number: try row.value("number"),
            subject: try row.value("subject"), status: try row.enumValue("status"), priority: priority,
            type: try row.optionalEnumValue("type"), channel: try row.enumValue("channel"),
            inboxID: try row.optional("inbox_id"), requesterID: try row.value("requester_id"),
            organizationID: try row.optional("organization_id"), assigneeID: try row.optional("assignee_id"),
            teamID: try row.optional("team_id"),
            tags: try JSONText.decode([String].self, from: try row.value("tags")),
            customFields: try JSONText.decode([String: CustomFieldValue].self, from: try row.value("custom_fields")),
            mergedIntoID: try row.optional("merged_into_id"), followUpOfID: try row.optional("follow_up_of_id"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            firstResponseAt: try row.optionalDate("first_response_at"), solvedAt: try row.optionalDate("solved_at"),
            waitingSince: try row.optionalDate("waiting_since"), reopenCount: try row.int("reopen_count"),
            lastMessagePreview: try row.value("last_message_preview"), messageCount: try row.int("message_count"))
    }
}

/// The WHERE and ORDER BY pieces shared by ticket lists and search (tickets aliased `t`).
enum TicketFilterSQL {
    /// ` AND …` conditions for every filter set in `query` (empty when none).
    static func conditions(_ query: TicketQuery) throws -> SQLQueryString {
        var sql: SQLQueryString = ""
        if !query.statuses.isEmpty { sql += " AND t.status IN (\(binds: query.statuses.map(\.rawValue)))" }
        if !query.priorities.isEmpty { sql += " AND t.priority IN (\(binds: query.priorities.map(\.rank)))" }
        if !query.types.isEmpty { sql += " AND t.type IN (\(binds: query.types.map(\.rawValue)))" }
        switch (query.assigneeIDs.isEmpty, query.unassigned) {
        case (false, true):
            sql += " AND (t.assignee_id IN (\(binds: query.assigneeIDs)) OR t.assignee_id IS NULL)"
        case (false, false):
            sql += " AND t.assignee_id IN (\(binds: query.assigneeIDs))"
        case (true, true):
            sql += " AND t.assignee_id IS NULL"
        case (true, false):
            break
        }
        if !query.teamIDs.isEmpty { sql += " AND t.team_id IN (\(binds: query.teamIDs))" }
        if !query.requesterIDs.isEmpty { sql += " AND t.requester_id IN (\(binds: query.requesterIDs))" }
        if !query.organizationIDs.isEmpty { sql += " AND t.organization_id IN (\(binds: query.organizationIDs))" }
        if !query.inboxIDs.isEmpty { sql += " AND t.inbox_id IN (\(binds: query.inboxIDs))" }
        if !query.tags.isEmpty {
            // A ticket must carry every tag: one primary-key probe of ticket_tags per tag.
            for tag in try Validation.tags(query.tags, field: "tags") {
                sql += """
                     AND EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag = \(bind: tag))
                    """
            }
        }
        if !query.channels.isEmpty { sql += " AND t.channel IN (\(binds: query.channels.map(\.rawValue)))" }
        if let date = query.createdAfter { sql += " AND t.created_at >= \(bind: date.storageMicros)" }
        if let date = query.createdBefore { sql += " AND t.created_at < \(bind: date.storageMicros)" }
        if let date = query.updatedAfter { sql += " AND t.updated_at >= \(bind: date.storageMicros)" }
        if let date = query.updatedBefore { sql += " AND t.updated_at < \(bind: date.storageMicros)" }
        return sql
    }

    /// ` ORDER BY <sort column> <dir>, t.id <dir>`.
    static func orderBy(_ sort: TicketSort) -> SQLQueryString {
        let column = SQLColumn(sort.column, table: "t")
        return sort.isDescending ? " ORDER BY \(column) DESC, t.id DESC" : " ORDER BY \(column) ASC, t.id ASC"
    }
}
