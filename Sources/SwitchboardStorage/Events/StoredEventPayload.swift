import SQLKit
import SwitchboardCore

/// What the `events` table keeps of an event's payload, and how a read of events puts back what it leaves out.
///
/// A `message.created` payload carries `preview`: the message's text folded to 160 characters
/// (`Validation.preview`), a copy of `messages.text`, which no code changes after the insert. At 1M tickets that copy
/// was 57% of the `message.created` payloads' bytes (docs/performance.md, "Session 14"), so the table keeps the
/// payload without it and every read of events adds it back from the message rows, with one query per 512 messages of
/// an account. Events keep their preview where they are handed on right after the write (the realtime hub, the API's
/// answers), so readers see the same payload either way.
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
        var wanted: [Int64: Set<Int64>] = [:]
        for event in events {
            if let messageID = messageIDLackingPreview(event) { wanted[event.accountID, default: []].insert(messageID) }
        }
        if wanted.isEmpty { return events }
        var previews: [MessageKey: String] = [:]
        for (accountID, messageIDs) in wanted {
            for group in idGroups(messageIDs.sorted()) {
                for row in try await db.raw(messageTextsSQL(accountID: accountID, messageIDs: group)).all() {
                    let key = MessageKey(accountID: accountID, messageID: try row.value("id"))
                    previews[key] = Validation.preview(try row.value("text"))
                }
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

    /// Reads the texts of one account's messages with these ids. `+account_id` keeps SQLite on the primary key: with
    /// a plain `account_id` condition it chose `ix_messages_ticket` and read every message of the account (50 ms for a
    /// ticket page at 100k tickets).
    static func messageTextsSQL(accountID: Int64, messageIDs: [Int64]) -> SQLQueryString {
        "SELECT id, text FROM messages WHERE +account_id = \(bind: accountID) AND id IN (\(binds: messageIDs))"
    }

    /// `messageIDs` in groups of at most the largest of ``queryShapes``, each padded to the smallest shape that holds
    /// it by repeating its last id: the statements come in a few fixed shapes, so the connections' statement caches
    /// (``SQLiteDirectConnection/statementCacheLimit``) do not fill with one statement per number of ids.
    static func idGroups(_ messageIDs: [Int64]) -> [[Int64]] {
        let largest = queryShapes[queryShapes.count - 1]
        return stride(from: 0, to: messageIDs.count, by: largest).map { start in
            var group = Array(messageIDs[start..<min(start + largest, messageIDs.count)])
            let shape = queryShapes.first { $0 >= group.count } ?? largest
            group += repeatElement(group[group.count - 1], count: shape - group.count)
            return group
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
