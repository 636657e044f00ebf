import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Presence: shared heartbeats of open ticket pages")
struct PresenceRepositoryTests {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("a heartbeat is stored once per user and ticket, refreshed in place, and read back with names",
          arguments: TestDatabase.all)
    func saveAndList(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let ticket = try await fixture.ticket(database).ticket
            let accountID = fixture.account.id
            let presence = PresenceRepository()
            let viewers = try await database.write { db in
                try await presence.save(accountID: accountID, ticketID: ticket.id, userID: fixture.owner.id,
                                        typing: false, at: Self.start, on: db)
                try await presence.save(accountID: accountID, ticketID: ticket.id, userID: fixture.agent.id,
                                        typing: true, at: Self.start.addingTimeInterval(1), on: db)
                // The owner beats again: the entry is refreshed, not duplicated.
                try await presence.save(accountID: accountID, ticketID: ticket.id, userID: fixture.owner.id,
                                        typing: true, at: Self.start.addingTimeInterval(2), on: db)
                try await presence.save(accountID: accountID, ticketID: ticket.id, userID: fixture.agent.id,
                                        typing: false, at: Self.start.addingTimeInterval(3), on: db)
                return try await presence.list(
                    accountID: accountID, ticketID: ticket.id, since: Self.start, on: db)
            }
            #expect(viewers == [
                PresenceViewer(userID: fixture.agent.id, name: "Adam Agent", typing: false,
                               seenAt: Self.start.addingTimeInterval(3)),
                PresenceViewer(userID: fixture.owner.id, name: "Olivia Owner", typing: true,
                               seenAt: Self.start.addingTimeInterval(2)),
            ])
            let rows = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM ticket_presence").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(rows == 2)
        }
    }

    @Test("entries older than `since` are ignored, other tickets and accounts are not mixed in",
          arguments: TestDatabase.all)
    func expiryAndIsolation(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let a = try await Fixture.make(database, name: "A")
            let b = try await Fixture.make(database, name: "B")
            let ticketA = try await a.ticket(database).ticket
            let otherA = try await a.ticket(database, subject: "Another").ticket
            let ticketB = try await b.ticket(database).ticket
            let presence = PresenceRepository()
            let ttl: TimeInterval = 12
            let now = Self.start.addingTimeInterval(100)
            let (live, onOther, ofB, spoofed) = try await database.write { db in
                try await presence.save(accountID: a.account.id, ticketID: ticketA.id, userID: a.owner.id,
                                        typing: true, at: now.addingTimeInterval(-ttl - 0.001), on: db)  // expired
                try await presence.save(accountID: a.account.id, ticketID: ticketA.id, userID: a.agent.id,
                                        typing: false, at: now.addingTimeInterval(-ttl), on: db)  // just alive
                try await presence.save(accountID: a.account.id, ticketID: otherA.id, userID: a.lightAgent.id,
                                        typing: false, at: now, on: db)
                try await presence.save(accountID: b.account.id, ticketID: ticketB.id, userID: b.owner.id,
                                        typing: false, at: now, on: db)
                // A row claiming a user of B on A's ticket (the route never writes one): the name join drops it.
                try await presence.save(accountID: a.account.id, ticketID: ticketA.id, userID: b.agent.id,
                                        typing: false, at: now, on: db)
                let since = now.addingTimeInterval(-ttl)
                return (
                    try await presence.list(accountID: a.account.id, ticketID: ticketA.id, since: since, on: db),
                    try await presence.list(accountID: a.account.id, ticketID: otherA.id, since: since, on: db),
                    try await presence.list(accountID: b.account.id, ticketID: ticketB.id, since: since, on: db),
                    try await presence.list(accountID: b.account.id, ticketID: ticketA.id, since: since, on: db)
                )
            }
            #expect(live.map(\.userID) == [a.agent.id])
            #expect(onOther.map(\.userID) == [a.lightAgent.id])
            #expect(ofB.map(\.userID) == [b.owner.id])
            #expect(spoofed.isEmpty)
        }
    }

    @Test("deleteExpired removes only entries seen before the cut-off, on every account",
          arguments: TestDatabase.all)
    func deleteExpired(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let a = try await Fixture.make(database, name: "A")
            let b = try await Fixture.make(database, name: "B")
            let ticketA = try await a.ticket(database).ticket
            let ticketB = try await b.ticket(database).ticket
            let presence = PresenceRepository()
            let cutoff = Self.start.addingTimeInterval(60)
            let (deleted, again, left) = try await database.write { db in
                try await presence.save(accountID: a.account.id, ticketID: ticketA.id, userID: a.owner.id,
                                        typing: false, at: Self.start, on: db)
                try await presence.save(accountID: b.account.id, ticketID: ticketB.id, userID: b.owner.id,
                                        typing: true, at: cutoff.addingTimeInterval(-1), on: db)
                try await presence.save(accountID: a.account.id, ticketID: ticketA.id, userID: a.agent.id,
                                        typing: false, at: cutoff, on: db)
                return (
                    try await presence.deleteExpired(before: cutoff, on: db),
                    try await presence.deleteExpired(before: cutoff, on: db),
                    try await presence.list(
                        accountID: a.account.id, ticketID: ticketA.id, since: .distantPast, on: db)
                )
            }
            #expect(deleted == 2)
            #expect(again == 0)
            #expect(left.map(\.userID) == [a.agent.id])
        }
    }

    @Test("on PostgreSQL the presence table is UNLOGGED; on SQLite it is an ordinary table",
          arguments: TestDatabase.all)
    func tableKind(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let persistence = try await database.read { db -> String? in
                if db.isPostgres {
                    return try await db.raw("""
                        SELECT relpersistence::text AS p FROM pg_class WHERE relname = 'ticket_presence'
                        """).first()?.decode(column: "p", as: String.self)
                }
                return try await db.raw("""
                    SELECT type AS p FROM sqlite_master WHERE name = 'ticket_presence'
                    """).first()?.decode(column: "p", as: String.self)
            }
            #expect(persistence == (kind == .postgres ? "u" : "table"))
        }
    }
}
