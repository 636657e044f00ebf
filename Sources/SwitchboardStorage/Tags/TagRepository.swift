import Foundation
import SQLKit
import SwitchboardCore

/// One tag of an account with the number of tickets carrying it.
public struct TagUsage: Sendable, Equatable {
    public var name: String
    public var ticketCount: Int

    public init(name: String, ticketCount: Int) {
        self.name = name
        self.ticketCount = ticketCount
    }
}

/// Account-wide tag administration: usage counts, rename and delete across tickets.
///
/// Rename and delete change every affected ticket's tags (its JSON copy and `ticket_tags`) and write one
/// `ticket.updated` event per ticket (`{"changes": {"tags": [before, after]}, "reason": "tag.renamed"|"tag.deleted"}`),
/// all in the caller's transaction. They leave `updated_at` alone: account housekeeping does not move tickets
/// to the top of "recently updated" lists.
public struct TagRepository: Sendable {
    public init() {}

    /// Every tag in use, by name, with its ticket count: one grouped read over the `(account_id, tag)` index.
    public func list(accountID: Int64, on db: any SQLDatabase) async throws -> [TagUsage] {
        try await db.raw("""
            SELECT tag, COUNT(*) AS n FROM ticket_tags WHERE account_id = \(bind: accountID) GROUP BY tag ORDER BY tag
            """).all().map { TagUsage(name: try $0.value("tag"), ticketCount: try $0.int("n")) }
    }

    /// Renames `tag` to `newName` on every ticket (merging with `newName` where a ticket has both).
    /// `.invalidInput` (`name`) for a malformed or unchanged name, `.notFound` when no ticket has `tag`.
    public func rename(
        accountID: Int64, tag: String, to newName: String, actor: EventActor, now: Date = Date(),
        on db: any SQLDatabase
    ) async throws -> (ticketCount: Int, events: [Event]) {
        let old = try Self.checked(tag, field: "tag")
        let new = try Self.checked(newName, field: "name")
        guard old != new else { throw SwitchboardError.invalid("name", "is the tag's current name") }
        return try await change(accountID: accountID, tag: old, reason: "tag.renamed", actor: actor, now: now, on: db) {
            var tags = Set($0)
            tags.remove(old)
            tags.insert(new)
            return tags.sorted()
        }
    }

    /// Removes `tag` from every ticket. `.notFound` when no ticket has it.
    public func delete(
        accountID: Int64, tag: String, actor: EventActor, now: Date = Date(), on db: any SQLDatabase
    ) async throws -> (ticketCount: Int, events: [Event]) {
        let old = try Self.checked(tag, field: "tag")
        return try await change(accountID: accountID, tag: old, reason: "tag.deleted", actor: actor, now: now, on: db) {
            $0.filter { $0 != old }
        }
    }

    /// One tag normalised like ticket tags; `.invalidInput` naming `field` when it is not a valid tag.
    public static func checked(_ raw: String, field: String) throws -> String {
        let tags = try Validation.tags([raw], field: field)
        guard let tag = tags.first else { throw SwitchboardError.invalid(field, "must not be empty") }
        return tag
    }

    private func change(
        accountID: Int64, tag: String, reason: String, actor: EventActor, now: Date, on db: any SQLDatabase,
        _ transform: ([String]) -> [String]
    ) async throws -> (ticketCount: Int, events: [Event]) {
        let ids = try await db.raw("""
            SELECT ticket_id FROM ticket_tags WHERE account_id = \(bind: accountID) AND tag = \(bind: tag)
            ORDER BY ticket_id
            """).all(decodingColumn: "ticket_id", as: Int64.self)
        guard !ids.isEmpty else { throw SwitchboardError.notFound("tag") }
        let date = Timestamp.rounded(now)
        let tickets = TicketRepository()
        let events = EventRepository()
        var written: [Event] = []
        for id in ids {
            guard let before = try await tickets.get(accountID: accountID, id: id, forUpdate: true, on: db) else {
                continue
            }
            var after = before
            after.tags = transform(before.tags)
            if after.tags == before.tags { continue }
            try await db.raw("""
                UPDATE tickets SET tags = \(bind: JSONText.encode(after.tags))
                WHERE account_id = \(bind: accountID) AND id = \(bind: id)
                """).run()
            try await TicketWriter.replaceTags(after, on: db)
            written.append(try await events.append(
                accountID: accountID, type: EventType.ticketUpdated, ticketID: id, actor: actor,
                payload: ["changes": .object(TicketWriter.changes(from: before, to: after)), "reason": .string(reason)],
                at: date, on: db))
        }
        return (written.count, written)
    }
}
