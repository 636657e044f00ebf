import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Events")
struct EventRepositoryTests {
    @Test("events append, list by ticket and after an id", arguments: TestDatabase.all)
    func appendAndList(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let events = EventRepository()
            let accountID = fixture.account.id
            let created = try await fixture.ticket(database)
            let custom = try await database.write { db in
                try await events.append(accountID: accountID, type: "contact.updated", ticketID: nil,
                                        actor: fixture.ownerActor,
                                        payload: ["nested": ["list": [1, "two", nil, true]], "pi": .number(3.25)],
                                        on: db)
            }
            #expect(try await database.read { db in try await events.get(id: custom.id, on: db) } == custom)
            #expect(custom.payload["pi"] == .number(3.25))
            let all = try await database.read { db in try await events.list(accountID: accountID, afterID: 0, on: db) }
            #expect(all.map(\.id) == (created.events.map(\.id) + [custom.id]))
            let after = try await database.read { db in
                try await events.list(accountID: accountID, afterID: created.events[0].id, limit: 1, on: db)
            }
            #expect(after.map(\.id) == [created.events[1].id])
            let ticketEvents = try await database.read { db in
                try await events.list(accountID: accountID, ticketID: created.ticket.id, on: db)
            }
            #expect(ticketEvents == created.events)
            #expect(created.events.count >= 2)

            // The newest ones, oldest first, with the ticket's total; the total of a ticket with fewer is exact.
            let newest = try await database.read { db in
                try await events.listNewest(accountID: accountID, ticketID: created.ticket.id, limit: 1, on: db)
            }
            #expect(newest.events == [created.events.last!])
            #expect(newest.total == created.events.count)
            let whole = try await database.read { db in
                try await events.listNewest(accountID: accountID, ticketID: created.ticket.id, limit: 1000, on: db)
            }
            #expect(whole.events == created.events && whole.total == created.events.count)
            let foreign = try await database.read { db in
                try await events.listNewest(accountID: accountID + 1, ticketID: created.ticket.id, limit: 5, on: db)
            }
            #expect(foreign.events.isEmpty && foreign.total == 0)
            await #expect(throws: SwitchboardError.self) {
                try await database.read { db in
                    try await events.listNewest(accountID: accountID, ticketID: created.ticket.id, limit: 0, on: db)
                }
            }
        }
    }

    @Test("a rolled-back write leaves no event, ticket or counter behind", arguments: TestDatabase.all)
    func rollback(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            struct Boom: Error {}
            do {
                _ = try await database.write { db in
                    _ = try await TicketOperations().create(
                        NewTicket(accountID: fixture.account.id, subject: "S", body: "B", channel: .api,
                                  requester: RequesterDetails(email: "r@x.org"), actor: fixture.agentActor), on: db)
                    throw Boom()
                }
                Issue.record("expected the write to throw")
            } catch let error as SwitchboardError {
                #expect(error.code == .internalError)
            }
            let events = try await database.read { db in
                try await EventRepository().list(accountID: fixture.account.id, afterID: 0, on: db)
            }
            #expect(events.isEmpty)
            let counts = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            }
            #expect(counts == TicketCounts())
            // SQLite gives the rolled-back number back; PostgreSQL's sequence does not (TicketNumbers).
            #expect(try await fixture.ticket(database).ticket.number == (kind == .postgres ? 2 : 1))
        }
    }

    @Test("PostgreSQL notifies '<account>:<event>' on commit")
    func notify() async throws {
        try await withTestDatabase(.postgres) { database in
            let fixture = try await Fixture.make(database)
            let client = try #require(database.postgresClient)
            let received = try await client.withConnection { connection in
                try await connection.listen(on: EventRepository.notificationChannel) { notifications in
                    let created = try await fixture.ticket(database)
                    var payloads: [String] = []
                    for try await notification in notifications {
                        payloads.append(notification.payload)
                        if payloads.count == created.events.count { break }
                    }
                    return (payloads, created.events.map { "\(fixture.account.id):\($0.id)" })
                }
            }
            #expect(received.0 == received.1)
        }
    }
}

@Suite("Account isolation")
struct IsolationTests {
    @Test("account B never sees account A's rows", arguments: TestDatabase.all)
    func isolation(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let a = try await Fixture.make(database, name: "A")
            let b = try await Fixture.make(database, name: "B")
            let ticket = try await a.ticket(database, subject: "Secret plans", body: "classified", email: "x@a.test")
            let bID = b.account.id
            try await database.read { (db: any SQLDatabase) async throws -> Void in
                #expect(try await TicketRepository().get(accountID: bID, id: ticket.ticket.id, on: db) == nil)
                #expect(try await TicketRepository().get(accountID: bID, number: ticket.ticket.number, on: db) == nil)
                #expect(try await TicketRepository().list(TicketQuery(), accountID: bID, on: db).items.isEmpty)
                #expect(try await MessageRepository().list(accountID: bID, ticketID: ticket.ticket.id, on: db).isEmpty)
                #expect(try await MessageRepository().get(accountID: bID, id: ticket.message.id, on: db) == nil)
                #expect(try await EventRepository().list(accountID: bID, ticketID: ticket.ticket.id, on: db).isEmpty)
                #expect(try await EventRepository().list(accountID: bID, afterID: 0, on: db).isEmpty)
                #expect(try await SearchRepository().search(accountID: bID, text: "classified", on: db).isEmpty)
                #expect(try await ContactRepository().get(accountID: bID, id: ticket.ticket.requesterID, on: db) == nil)
                #expect(try await ContactRepository().find(accountID: bID, kind: .email, value: "x@a.test", on: db)
                    == nil)
                #expect(try await ContactRepository().list(accountID: bID, on: db).items.isEmpty)
                #expect(try await UserRepository().get(accountID: bID, id: a.agent.id, on: db) == nil)
                #expect(try await TeamRepository().get(accountID: bID, id: a.team.id, on: db) == nil)
                #expect(try await InboxRepository().get(accountID: bID, id: a.inbox.id, on: db) == nil)
                #expect(try await TicketCounterRepository().counts(accountID: bID, on: db) == TicketCounts())
                #expect(try await TicketRepository().getByMessageExternalID(accountID: bID, externalID: "x", on: db)
                    == nil)
            }
            await expectError(.notFound) {
                _ = try await database.write { db in
                    try await TicketOperations().update(
                        accountID: bID, id: ticket.ticket.id, changes: TicketChanges(priority: .urgent), actor: .system,
                        on: db)
                }
            }
            await expectError(.notFound) {
                _ = try await database.write { db in
                    try await TicketOperations().addMessage(
                        accountID: bID, ticketID: ticket.ticket.id,
                        NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: nil, text: "x"),
                        actor: .system, on: db)
                }
            }
            await expectError(.notFound) {
                try await database.write { db in
                    try await MessageRepository().updateDelivery(accountID: bID, id: ticket.message.id, status: .sent,
                                                                 error: nil, on: db)
                }
            }
            // The same email in account B is a different contact.
            let bContact = try await database.write { db in
                try await ContactRepository().findOrCreate(accountID: bID, name: nil, email: "x@a.test", phone: nil,
                                                           on: db)
            }
            #expect(bContact.created)
            #expect(bContact.contact.id != ticket.ticket.requesterID)
        }
    }
}
