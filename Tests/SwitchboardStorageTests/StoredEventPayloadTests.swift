import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// `message.created` events are stored without their `preview` (a copy of the message's text) and every read of
/// events puts it back from the message row, so readers see the payload the writer returned.
@Suite("Stored event payloads")
struct StoredEventPayloadTests {
    @Test("message.created is stored without its preview and every read gives it back", arguments: TestDatabase.all)
    func previewRestoredOnRead(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            // Longer than a preview, with runs of white space the preview folds and characters outside ASCII.
            let body = "Bonjour,\n\n  la commande n° 4711 n'est pas arrivée. " + String(repeating: "Détails ", count: 40)
            let created = try await fixture.ticket(database, body: body)
            let note = "Ça ne va pas\t— @Adam, can you call them? 🙂"
            let replied = try await database.write { db in
                try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: created.ticket.id,
                    NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: fixture.agent.id, text: note),
                    actor: fixture.agentActor, on: db)
            }
            let written = created.events + replied.events
            let messageEvents = written.filter { $0.type == EventType.messageCreated }
            #expect(messageEvents.map { $0.payload["preview"]?.stringValue } == [
                Validation.preview(body), Validation.preview(note),
            ])

            // What the table holds: the same payloads less the preview; other events as written.
            let stored = try await database.read { db in
                try await db.raw("""
                    SELECT id, payload FROM events WHERE ticket_id = \(bind: created.ticket.id) ORDER BY id
                    """).all().map { row in
                    (id: try row.decode(column: "id", as: Int64.self),
                     payload: try JSONText.decode(JSONValue.self, from: try row.decode(column: "payload", as: String.self)))
                }
            }
            #expect(stored.map(\.id) == written.map(\.id))
            for (row, event) in zip(stored, written) {
                guard event.type == EventType.messageCreated, case .object(var fields) = event.payload else {
                    #expect(row.payload == event.payload, "\(event.type)")
                    continue
                }
                fields["preview"] = nil
                #expect(row.payload == .object(fields), "\(event.type)")
            }

            // Every read path returns the payloads the writes returned.
            let repository = EventRepository()
            let ticketID = created.ticket.id
            let (all, newest, newestTwo, feed, one) = try await database.read { db in
                (try await repository.list(accountID: accountID, ticketID: ticketID, on: db),
                 try await repository.listNewest(accountID: accountID, ticketID: ticketID, limit: 100, on: db),
                 try await repository.listNewest(accountID: accountID, ticketID: ticketID, limit: 2, on: db),
                 try await repository.list(accountID: accountID, afterID: 0, limit: 1000, on: db),
                 try await repository.get(id: messageEvents[1].id, on: db))
            }
            #expect(all.map(\.payload) == written.map(\.payload))
            #expect(newest.events.map(\.payload) == written.map(\.payload))
            #expect(newest.total == written.count)
            #expect(newestTwo.events.map(\.payload) == written.suffix(2).map(\.payload))
            #expect(newestTwo.total == written.count)
            #expect(feed.filter { $0.ticketID == ticketID }.map(\.payload) == written.map(\.payload))
            #expect(one?.payload == messageEvents[1].payload)
        }
    }

    @Test("the message statements come in three shapes and read every id once or more")
    func messageStatementShapes() throws {
        var shapes = Set<Int>()
        for count in [1, 2, 7, 8, 9, 63, 64, 65, 511, 512, 513, 1_000, 1_537] {
            let ids = (1...Int64(count)).map { $0 * 3 }
            let groups = StoredEventPayload.idGroups(ids)
            var bound = Set<Int64>()
            for group in groups {
                #expect(StoredEventPayload.queryShapes.contains(group.count), "\(count) ids")
                bound.formUnion(group)
                shapes.insert(group.count)
            }
            #expect(bound == Set(ids), "\(count) ids")
            #expect(groups.count == (count + 511) / 512, "\(count) ids")
        }
        #expect(shapes == Set(StoredEventPayload.queryShapes))
    }

    @Test("a stored preview is kept as it is, and a message of another account gives none", arguments: TestDatabase.all)
    func storedPreviewsAndOtherAccounts(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Globex")
            let created = try await fixture.ticket(database, body: "The invoice total is wrong.")
            let theirs = try await other.ticket(database, body: "Secret text of another account.")
            let messageEvent = try #require(created.events.first { $0.type == EventType.messageCreated })

            // A row written before previews were left out keeps its own (here: one that differs from the text).
            let legacy: JSONValue = [
                "message_id": .number(Double(created.message.id)), "kind": "inbound", "preview": "as stored then",
            ]
            // An event naming another account's message (never written by Switchboard) must not reveal its text.
            let foreign: JSONValue = ["message_id": .number(Double(theirs.message.id)), "kind": "inbound"]
            let foreignEvent = try await database.write { db in
                try await db.raw("""
                    UPDATE events SET payload = \(bind: try JSONText.encode(legacy)) WHERE id = \(bind: messageEvent.id)
                    """).run()
                return try await EventRepository().append(
                    accountID: fixture.account.id, type: EventType.messageCreated, ticketID: created.ticket.id,
                    actor: .system, payload: foreign, on: db)
            }
            let (legacyRead, foreignRead) = try await database.read { db in
                (try await EventRepository().get(id: messageEvent.id, on: db),
                 try await EventRepository().get(id: foreignEvent.id, on: db))
            }
            #expect(legacyRead?.payload == legacy)
            #expect(foreignRead?.payload == foreign)
            #expect(foreignRead?.payload["preview"] == nil)
        }
    }
}
