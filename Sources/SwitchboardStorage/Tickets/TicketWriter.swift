import Foundation
import SQLKit
import SwitchboardCore

/// Row-level writes shared by the ticket operations.
enum TicketWriter {
    /// Inserts `ticket` (its `id` and `number` are ignored) with `number` as the value of its number column
    /// (``TicketNumbers/valueForInsert(accountID:on:)``); returns the new id and number.
    static func insert(
        _ ticket: Ticket, number: SQLText, on db: any SQLDatabase
    ) async throws -> (id: Int64, number: Int64) {
        guard let row = try await db.first("""
            INSERT INTO tickets (account_id, number, subject, status, priority, type, channel, inbox_id, requester_id,
                organization_id, assignee_id, team_id, tags, custom_fields, merged_into_id, follow_up_of_id,
                created_at, updated_at, first_response_at, solved_at, waiting_since, reopen_count,
                last_message_preview, message_count)
            VALUES (\(bind: ticket.accountID), \(number), \(bind: ticket.subject),
                \(bind: ticket.status.rawValue), \(bind: ticket.priority.rank), \(bind: ticket.type?.rawValue),
                \(bind: ticket.channel.rawValue), \(bind: ticket.inboxID), \(bind: ticket.requesterID),
                \(bind: ticket.organizationID), \(bind: ticket.assigneeID), \(bind: ticket.teamID),
                \(bind: JSONText.encode(ticket.tags)), \(bind: try JSONText.encode(ticket.customFields)),
                \(bind: ticket.mergedIntoID), \(bind: ticket.followUpOfID), \(bind: ticket.createdAt.storageMicros),
                \(bind: ticket.updatedAt.storageMicros), \(bind: ticket.firstResponseAt?.storageMicros),
                \(bind: ticket.solvedAt?.storageMicros), \(bind: ticket.waitingSince?.storageMicros),
                \(bind: ticket.reopenCount), \(bind: ticket.lastMessagePreview), \(bind: ticket.messageCount))
            RETURNING id, number
            """)
        else { throw SwitchboardError(.internalError, "ticket was not created") }
        return (try row.value("id"), try row.value("number"))
    }

    /// Writes every mutable column of `ticket`.
    static func save(_ ticket: Ticket, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE tickets SET subject = \(bind: ticket.subject), status = \(bind: ticket.status.rawValue),
                priority = \(bind: ticket.priority.rank), type = \(bind: ticket.type?.rawValue),
                inbox_id = \(bind: ticket.inboxID), requester_id = \(bind: ticket.requesterID),
                organization_id = \(bind: ticket.organizationID), assignee_id = \(bind: ticket.assigneeID),
                team_id = \(bind: ticket.teamID), tags = \(bind: JSONText.encode(ticket.tags)),
                custom_fields = \(bind: try JSONText.encode(ticket.customFields)),
                merged_into_id = \(bind: ticket.mergedIntoID), follow_up_of_id = \(bind: ticket.followUpOfID),
                updated_at = \(bind: ticket.updatedAt.storageMicros),
                first_response_at = \(bind: ticket.firstResponseAt?.storageMicros),
                solved_at = \(bind: ticket.solvedAt?.storageMicros),
                waiting_since = \(bind: ticket.waitingSince?.storageMicros),
                reopen_count = \(bind: ticket.reopenCount), last_message_preview = \(bind: ticket.lastMessagePreview),
                message_count = \(bind: ticket.messageCount)
            WHERE account_id = \(bind: ticket.accountID) AND id = \(bind: ticket.id)
            """).run()
    }

    static func replaceTags(_ ticket: Ticket, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM ticket_tags WHERE ticket_id = \(bind: ticket.id)").run()
        try await insertTags(ticket, on: db)
    }

    /// Inserts the tag rows of a ticket that has none yet, in one statement (none when it has no tags).
    static func insertTags(_ ticket: Ticket, on db: any SQLDatabase) async throws {
        guard !ticket.tags.isEmpty else { return }
        var sql: SQLText = "INSERT INTO ticket_tags (account_id, ticket_id, tag) VALUES "
        for (index, tag) in ticket.tags.enumerated() {
            sql += index == 0 ? "" : ", "
            sql += "(\(bind: ticket.accountID), \(bind: ticket.id), \(bind: tag))"
        }
        try await db.run(sql)
    }

    static func insertMessage(_ message: Message, on db: any SQLDatabase) async throws -> Message {
        guard let row = try await db.first("""
            INSERT INTO messages (account_id, ticket_id, kind, channel, author_kind, author_id, text, html, external_id,
                delivery_status, delivery_error, created_at)
            VALUES (\(bind: message.accountID), \(bind: message.ticketID), \(bind: message.kind.rawValue),
                \(bind: message.channel.rawValue), \(bind: message.authorKind.rawValue), \(bind: message.authorID),
                \(bind: message.text), \(bind: message.html), \(bind: message.externalID),
                \(bind: message.deliveryStatus.rawValue), \(bind: message.deliveryError),
                \(bind: message.createdAt.storageMicros))
            RETURNING id
            """)
        else { throw SwitchboardError(.internalError, "message was not created") }
        var stored = message
        stored.id = try row.value("id")
        return stored
    }

    /// The `{"field": [before, after]}` changes between two versions of a ticket (fields people change).
    static func changes(from before: Ticket, to after: Ticket) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        func record(_ field: String, _ old: JSONValue, _ new: JSONValue) {
            if old != new { result[field] = .array([old, new]) }
        }
        record("subject", .string(before.subject), .string(after.subject))
        record("status", .string(before.status.rawValue), .string(after.status.rawValue))
        record("priority", .string(before.priority.rawValue), .string(after.priority.rawValue))
        record("type", json(before.type?.rawValue), json(after.type?.rawValue))
        record("assignee_id", json(before.assigneeID), json(after.assigneeID))
        record("team_id", json(before.teamID), json(after.teamID))
        record("tags", .array(before.tags.map(JSONValue.string)), .array(after.tags.map(JSONValue.string)))
        record("custom_fields", json(before.customFields), json(after.customFields))
        record("merged_into_id", json(before.mergedIntoID), json(after.mergedIntoID))
        return result
    }

    static func json(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func json(_ value: Int64?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
    static func json(_ fields: [String: CustomFieldValue]) -> JSONValue {
        .object(fields.mapValues { value in
            switch value {
            case .string(let text): .string(text)
            case .number(let number): .number(number)
            case .bool(let flag): .bool(flag)
            case .null: .null
            }
        })
    }

    /// A summary of the ticket for `ticket.created` payloads.
    static func summary(_ ticket: Ticket) -> JSONValue {
        .object([
            "id": json(ticket.id), "number": json(ticket.number), "subject": .string(ticket.subject),
            "status": .string(ticket.status.rawValue), "priority": .string(ticket.priority.rawValue),
            "type": json(ticket.type?.rawValue), "channel": .string(ticket.channel.rawValue),
            "inbox_id": json(ticket.inboxID), "requester_id": json(ticket.requesterID),
            "organization_id": json(ticket.organizationID), "assignee_id": json(ticket.assigneeID),
            "team_id": json(ticket.teamID), "tags": .array(ticket.tags.map(JSONValue.string)),
            "follow_up_of_id": json(ticket.followUpOfID),
        ])
    }
}
