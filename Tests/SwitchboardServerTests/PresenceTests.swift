import Foundation
import HTTPTypes
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Presence on ticket pages (`POST /tickets/{id}/presence`)")
struct PresenceTests {
    typealias Seen = PresenceFixtures.Seen

    @Test("two instances on one PostgreSQL: a heartbeat on A is seen by an agent beating on B, typing included")
    func sharedAcrossInstances() async throws {
        let clock = RTManualTime(Date())
        try await PresenceFixtures.run(.postgres, instances: 2, clock: clock) { world, _, clients in
            let (instanceA, instanceB) = (clients[0], clients[1])
            func seen(_ agent: PresenceFixtures.Agent, typing: Bool) -> Seen {
                Seen(userID: agent.userID, name: agent.name, typing: typing)
            }
            let first = try await PresenceFixtures.beat(instanceA, world.ada, ticketID: world.ticketA, typing: true)
            #expect(first == [seen(world.ada, typing: true)])
            clock.advance(by: 1)
            let second = try await PresenceFixtures.beat(instanceB, world.ben, ticketID: world.ticketA, typing: false)
            #expect(second == [seen(world.ada, typing: true), seen(world.ben, typing: false)])
            clock.advance(by: 1)
            // Ada stops typing, Ben starts: each instance sees the other's change at its next beat.
            let third = try await PresenceFixtures.beat(instanceA, world.ada, ticketID: world.ticketA, typing: false)
            #expect(third == [seen(world.ada, typing: false), seen(world.ben, typing: false)])
            let fourth = try await PresenceFixtures.beat(instanceB, world.ben, ticketID: world.ticketA, typing: true)
            #expect(fourth == [seen(world.ada, typing: false), seen(world.ben, typing: true)])
            let fifth = try await PresenceFixtures.beat(instanceA, world.ada, ticketID: world.ticketA, typing: true)
            #expect(fifth == [seen(world.ada, typing: true), seen(world.ben, typing: true)])
        }
    }

    @Test("an entry counts for the TTL after its last heartbeat and then lapses", arguments: TestBackend.all)
    func expiresAfterTTL(_ backend: TestBackend) async throws {
        let clock = RTManualTime(Date())
        let ttl = PresenceStores.defaultTTL
        // On PostgreSQL through two instances, so the expiry is the shared store's.
        try await PresenceFixtures.run(backend, instances: backend == .postgres ? 2 : 1, clock: clock) {
            world, _, clients in
            let (first, second) = (clients[0], clients[clients.count - 1])
            _ = try await PresenceFixtures.beat(first, world.ada, ticketID: world.ticketA, typing: true)
            clock.advance(by: ttl)
            let atTTL = try await PresenceFixtures.beat(second, world.ben, ticketID: world.ticketA, typing: false)
            #expect(atTTL.map(\.userID) == [world.ada.userID, world.ben.userID])
            clock.advance(by: 0.5)
            let afterTTL = try await PresenceFixtures.beat(second, world.ben, ticketID: world.ticketA, typing: false)
            #expect(afterTTL == [Seen(userID: world.ben.userID, name: "Ben", typing: false)])
            // A new beat brings Ada back.
            let back = try await PresenceFixtures.beat(first, world.ada, ticketID: world.ticketA, typing: false)
            #expect(back.map(\.userID) == [world.ada.userID, world.ben.userID])
        }
    }

    @Test("a ticket of another account, or none, answers 404 and records nothing", arguments: TestBackend.all)
    func otherAccountsTicketIsNotFound(_ backend: TestBackend) async throws {
        let clock = RTManualTime(Date())
        try await PresenceFixtures.run(backend, clock: clock) { world, database, clients in
            let client = clients[0]
            for ticketID in [world.ticketB, 987_654_321] {
                let (status, text) = try await PresenceFixtures.post(
                    client, world.ada, ticketID: ticketID, body: #"{"typing":true}"#)
                #expect(status == .notFound)
                #expect(text.contains(#""code":"not_found""#), "\(text)")
                #expect(!text.contains("Bob"))
            }
            // Bob, on his own ticket, is alone: Ada's attempt left no trace.
            let bob = try await PresenceFixtures.beat(client, world.bob, ticketID: world.ticketB, typing: false)
            #expect(bob == [Seen(userID: world.bob.userID, name: "Bob", typing: false)])
            try await Self.expectNoEntry(of: world.ada.userID, in: database)
        }
    }

    @Test("malformed bodies answer 400 (413 when too large) naming the problem, and record nothing",
          arguments: TestBackend.all)
    func badBodiesAreRefused(_ backend: TestBackend) async throws {
        let clock = RTManualTime(Date())
        try await PresenceFixtures.run(backend, clock: clock) { world, database, clients in
            let client = clients[0]
            let cases: [(body: String, contentType: String?, status: HTTPResponse.Status, field: String?)] = [
                ("not json", "application/json", .badRequest, nil),
                (#"{"typing":true"#, "application/json", .badRequest, nil),
                ("[]", "application/json", .badRequest, nil),
                (#""typing""#, "application/json", .badRequest, nil),
                (#"{"typing":"yes"}"#, "application/json", .badRequest, "typing"),
                (#"{"typing":1}"#, "application/json", .badRequest, "typing"),
                (#"{"typing":[true]}"#, "application/json", .badRequest, "typing"),
                (#"{"typing":true}"#, "text/plain", .badRequest, nil),
                (#"{"typing":true,"pad":""# + String(repeating: "x", count: 2000) + #""}"#, "application/json",
                 .contentTooLarge, nil),
            ]
            for entry in cases {
                let (status, text) = try await PresenceFixtures.post(
                    client, world.ada, ticketID: world.ticketA, body: entry.body, contentType: entry.contentType)
                #expect(status == entry.status, "\(entry.body.prefix(40)): \(text)")
                let error = try? JSONDecoder().decode(ErrorBody.self, from: Data(text.utf8)).error
                #expect(error?.message.isEmpty == false, "\(entry.body.prefix(40)): \(text)")
                if let field = entry.field { #expect(error?.field == field, "\(entry.body): \(text)") }
            }
            // Nothing was recorded for Ada: Ben is alone on the ticket.
            let ben = try await PresenceFixtures.beat(client, world.ben, ticketID: world.ticketA, typing: false)
            #expect(ben == [Seen(userID: world.ben.userID, name: "Ben", typing: false)])
            try await Self.expectNoEntry(of: world.ada.userID, in: database)
            // What the page may legitimately send: no body, `typing` left out or null (all: not typing).
            for body in ["", "{}", #"{"typing":null}"#] {
                let (status, text) = try await PresenceFixtures.post(
                    client, world.ada, ticketID: world.ticketA, body: body)
                #expect(status == .ok, "\(body): \(text)")
                let viewers = try PresenceFixtures.viewers(text)
                #expect(viewers == [
                    Seen(userID: world.ada.userID, name: "Ada", typing: false),
                    Seen(userID: world.ben.userID, name: "Ben", typing: false),
                ], "\(body): \(text)")
            }
        }
    }

    @Test("housekeeping prunes presence entries whose last heartbeat is older than the TTL",
          arguments: TestBackend.all)
    func housekeepingPrunesExpiredEntries(_ backend: TestBackend) async throws {
        let clock = RTManualTime(Date())
        let ttl = PresenceStores.defaultTTL
        try await PresenceFixtures.run(backend, clock: clock) { world, database, clients in
            // Through the route: a row on PostgreSQL, nothing in the table on SQLite (memory).
            _ = try await PresenceFixtures.beat(clients[0], world.bob, ticketID: world.ticketB, typing: true)
            clock.advance(by: 3600)
            let now = clock.now
            try await database.write { db in
                let presence = PresenceRepository()
                try await presence.save(accountID: world.accountA, ticketID: world.ticketA, userID: world.ada.userID,
                                        typing: false, at: now.addingTimeInterval(-ttl - 1), on: db)
                try await presence.save(accountID: world.accountA, ticketID: world.ticketA, userID: world.ben.userID,
                                        typing: true, at: now.addingTimeInterval(-ttl), on: db)
            }
            let housekeeping = Housekeeping(
                database: database, loginWindow: .seconds(900), logger: PresenceFixtures.logger, now: clock.source)
            let firstSweep = try await housekeeping.sweep()
            #expect(firstSweep.presence == (backend == .postgres ? 2 : 1))
            let left = try await database.read { db in
                try await PresenceRepository().list(
                    accountID: world.accountA, ticketID: world.ticketA, since: .distantPast, on: db)
            }
            #expect(left.map(\.userID) == [world.ben.userID])
            let secondSweep = try await housekeeping.sweep()
            #expect(secondSweep.presence == 0)
            clock.advance(by: 0.5)
            let thirdSweep = try await housekeeping.sweep()
            #expect(thirdSweep.presence == 1)
        }
    }

    /// On PostgreSQL, checks that `userID` has no row in `ticket_presence` (on SQLite presence is in memory and the
    /// table stays empty).
    static func expectNoEntry(of userID: Int64, in database: Database) async throws {
        let count = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM ticket_presence WHERE user_id = \(bind: userID)")
                .first()?.decode(column: "n", as: Int.self)
        }
        #expect(count == 0)
    }
}
