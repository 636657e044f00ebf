import SQLKit
import SwitchboardCore

/// What the `events` table keeps of an event's payload, and how a read of events puts back what it leaves out.
///
/// A `message.created` payload carries `preview`: the message's text folded to 160 characters
/// (`Validation.preview`), a copy of `messages.text`, which no code changes after the insert. At 1M tickets that copy
/// was 57% of the `message.created` payloads' bytes (docs/performance.md, "Session 14"), so the table
/// keeps the payload without it and every read of events adds it back from the message rows, with one query per 512
/// messages. Events keep their preview where they are handed on right after the write (the realtime hub, the
/// API's answers), so readers see the same payload either way.
///
/// Rows written before this keep their stored preview, and a read leaves it as it is. An event whose message is gone
/// (no code deletes messages today) is read without `preview`.
enum StoredEventPayload {
    /// The payload as the `events` table keeps it.
    static func stored(type: String, payload: JSONValue) -> JSONValue {
        guard type == EventType.messageCreated, case .object(var fields) = payload,
            fields.removeValue(forKey: previewKey) != nil
        else { return payload }
        return .object(fields)
    }

    /// `events` with what ``stored(type:payload:)`` left out put back, read from the message rows of each event's
    /// account. Events are returned in the order given.
    static func restored(_ events: [Event], on db: any SQLDatabase) async throws -> [Event] {
        let messageIDs = Set(events.compactMap(messageIDLackingPreview))
        if messageIDs.isEmpty { return events }
        var previews: [MessageKey: String] = [:]
        for statement in messageTextsSQL(messageIDs.sorted()) {
            for row in try await db.all(statement) {
                let key = MessageKey(accountID: try row.value("account_id"), messageID: try row.value("id"))
                previews[key] = Validation.preview(try row.value("text"))
            }
        }
        return events.map { event in
            guard let messageID = messageIDLackingPreview(event), case .object(var fields) = event.payload,
                let preview = previews[MessageKey(accountID: event.accountID, messageID: messageID)]
            else { return event }
            fields[previewKey] = .string(preview)
            var restored = event
            restored.payload = .object(fields)
            return restored
        }
    }

    /// Statements that read the messages with these ids, with their account: a few fixed shapes, so that the
    /// connections' statement caches (``SQLiteDirectConnection/statementCacheLimit``) do not fill with one statement
    /// per number of ids. The ids go in groups of at most the largest of ``queryShapes`` binds, each group padded to
    /// the smallest shape that holds it by repeating its last id.
    ///
    /// By primary key only: with an `account_id` condition SQLite chose `ix_messages_ticket` and read every message of
    /// the account (50 ms for a ticket page at 100k tickets). Each event takes a preview only from a message of its
    /// own account.
    static func messageTextsSQL(_ messageIDs: [Int64]) -> [SQLText] {
        let largest = queryShapes[queryShapes.count - 1]
        return stride(from: 0, to: messageIDs.count, by: largest).map { start in
            let group = messageIDs[start..<min(start + largest, messageIDs.count)]
            let shape = queryShapes.first { $0 >= group.count } ?? largest
            var sql: SQLText = "SELECT id, account_id, text FROM messages WHERE id IN ("
            for index in 0..<shape {
                sql += index == 0 ? "" : ", "
                sql += "\(bind: index < group.count ? group[group.startIndex + index] : group[group.endIndex - 1])"
            }
            sql += ")"
            return sql
        }
    }

    /// The numbers of ids the message statements take.
    static let queryShapes = [8, 64, 512]

    private static let previewKey = "preview"

    private struct MessageKey: Hashable {
        var accountID: Int64
        var messageID: Int64
    }

    /// The message id of a `message.created` event stored without its preview; `nil` for any other event.
    private static func messageIDLackingPreview(_ event: Event) -> Int64? {
        guard event.type == EventType.messageCreated, event.payload[previewKey] == nil else { return nil }
        return event.payload["message_id"]?.int64Value
    }
}
