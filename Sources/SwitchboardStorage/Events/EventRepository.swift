import Foundation
import SQLKit
import SwitchboardCore

/// The append-only event log: audit trail, ticket history, and the feed for realtime, rules and webhooks.
public struct EventRepository: Sendable {
    /// The PostgreSQL notification channel; payload `<account_id>:<event_id>`, delivered on COMMIT.
    public static let notificationChannel = "switchboard_events"

    public init() {}

    static let columns: SQLQueryString = "id, account_id, type, ticket_id, actor_kind, actor_id, payload, created_at"

    /// Appends an event in the caller's transaction; on PostgreSQL also `pg_notify`s it.
    public func append(
        accountID: Int64, type: String, ticketID: Int64?, actor: EventActor, payload: JSONValue,
        at date: Date = Date(), on db: any SQLDatabase
    ) async throws -> Event {
        let draft = Draft(type: type, ticketID: ticketID, actor: actor, payload: payload, date: date)
        guard let event = try await appendAll([draft], accountID: accountID, on: db).first else {
            throw SwitchboardError(.internalError, "event was not recorded")
        }
        return event
    }

    /// One event to append with ``appendAll(_:accountID:on:)``.
    struct Draft: Sendable {
        var type: String
        var ticketID: Int64?
        var actor: EventActor
        var payload: JSONValue
        var date: Date
    }

    /// Appends several events in the caller's transaction with ONE statement (ids in the order given), which on
    /// PostgreSQL also `pg_notify`s each of them, in id order. Returns them in the order given.
    func appendAll(_ drafts: [Draft], accountID: Int64, on db: any SQLDatabase) async throws -> [Event] {
        guard !drafts.isEmpty else { return [] }
        var sql: SQLText = db.isPostgres ? "WITH inserted AS (" : ""
        sql += "INSERT INTO events (account_id, type, ticket_id, actor_kind, actor_id, payload, created_at) VALUES "
        for (index, draft) in drafts.enumerated() {
            let payload = try JSONText.encode(StoredEventPayload.stored(type: draft.type, payload: draft.payload))
            sql += index == 0 ? "" : ", "
            sql += """
                (\(bind: accountID), \(bind: draft.type), \(bind: draft.ticketID), \(bind: draft.actor.kind.rawValue),
                 \(bind: draft.actor.id), \(bind: payload), \(bind: draft.date.storageMicros))
                """
        }
        sql += " RETURNING id, type"
        if db.isPostgres {
            // PostgreSQL evaluates a volatile function such as pg_notify after the sort, so notices go in id order.
            sql += """
                ) SELECT id, type, pg_notify(\(bind: Self.notificationChannel), \(bind: "\(accountID):") || id)
                FROM inserted ORDER BY id
                """
        }
        // Rows are numbered in VALUES order on both databases; RETURNING's row order is not promised, so sort.
        // The events are built from the drafts (what was written, at the stored precision) instead of decoding
        // the payloads back: the returned types only check that each id went to its draft.
        let returned = try await db.all(sql)
            .map { (id: try $0.value("id") as Int64, type: try $0.value("type") as String) }
            .sorted { $0.id < $1.id }
        guard returned.count == drafts.count, zip(returned, drafts).allSatisfy({ $0.type == $1.type }) else {
            throw SwitchboardError(.internalError, "events were not recorded")
        }
        let events = zip(returned, drafts).map { row, draft in
            Event(
                id: row.id, accountID: accountID, type: draft.type, ticketID: draft.ticketID, actor: draft.actor,
                payload: draft.payload, createdAt: Timestamp.rounded(draft.date))
        }
        return events
    }

    /// The ticket's newest `limit` events (1…1000), oldest first, and how many the ticket has in all.
    public func listNewest(
        accountID: Int64, ticketID: Int64, limit: Int, on db: any SQLDatabase
    ) async throws -> (events: [Event], total: Int) {
        let limit = try checkedLimit(limit, maximum: 1000)
        let events = try await Self.decodeAll(db.raw("""
            SELECT \(Self.columns) FROM events
            WHERE account_id = \(bind: accountID) AND ticket_id = \(bind: ticketID)
            ORDER BY id DESC LIMIT \(literal: limit)
            """).all().reversed(), on: db)
        guard events.count == limit else { return (events, events.count) }
        let total = try await db.raw("""
            SELECT COUNT(*) AS n FROM events WHERE account_id = \(bind: accountID) AND ticket_id = \(bind: ticketID)
            """).first()?.decode(column: "n", as: Int.self) ?? events.count
        return (events, total)
    }

    /// The ticket's events, oldest first.
    public func list(accountID: Int64, ticketID: Int64, on db: any SQLDatabase) async throws -> [Event] {
        try await Self.decodeAll(db.raw("""
            SELECT \(Self.columns) FROM events
            WHERE account_id = \(bind: accountID) AND ticket_id = \(bind: ticketID) ORDER BY id
            """).all(), on: db)
    }

    /// The account's events with id greater than `afterID`, oldest first, at most `limit` (1…1000).
    public func list(
        accountID: Int64, afterID: Int64, limit: Int = 100, on db: any SQLDatabase
    ) async throws -> [Event] {
        let limit = try checkedLimit(limit, maximum: 1000)
        return try await Self.decodeAll(db.raw("""
            SELECT \(Self.columns) FROM events
            WHERE account_id = \(bind: accountID) AND id > \(bind: afterID) ORDER BY id LIMIT \(literal: limit)
            """).all(), on: db)
    }

    /// The event with this id (any account: notifications carry the account), or `nil`.
    public func get(id: Int64, on db: any SQLDatabase) async throws -> Event? {
        try await Self.decodeAll(db.raw("SELECT \(Self.columns) FROM events WHERE id = \(bind: id)").all(), on: db)
            .first
    }

    /// Decodes rows of `events` (``columns``) and puts back what the table does not keep (``StoredEventPayload``).
    /// Every read of events goes through here.
    static func decodeAll(_ rows: some Sequence<any SQLRow>, on db: any SQLDatabase) async throws -> [Event] {
        try await StoredEventPayload.restored(rows.map(decode), on: db)
    }

    private static func decode(_ row: any SQLRow) throws -> Event {
        Event(
            id: try row.value("id"), accountID: try row.value("account_id"), type: try row.value("type"),
            ticketID: try row.optional("ticket_id"),
            actor: EventActor(kind: try row.enumValue("actor_kind"), id: try row.optional("actor_id")),
            payload: try JSONText.decode(JSONValue.self, from: try row.value("payload")),
            createdAt: try row.date("created_at"))
    }
}
