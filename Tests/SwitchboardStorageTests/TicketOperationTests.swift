import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Ticket operations")
struct TicketOperationTests {
    @Test("create finds or creates the requester, numbers per account, writes events", arguments: TestDatabase.all)
    func create(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let clock = ManualClock()
            let attachment = NewAttachment(filename: "photo.jpg", contentType: "image/jpeg", size: 1234,
                                           sha256: String(repeating: "ab", count: 32))
            let new = NewTicket(
                accountID: fixture.account.id, subject: "  Refund please ", body: "I was charged twice.",
                html: "<p>I was charged twice.</p>", priority: .high, type: .question, channel: .email,
                inboxID: fixture.inbox.id, requester: RequesterDetails(name: "Rita", email: "Rita@Example.com"),
                teamID: fixture.team.id, tags: ["Billing", "refund"], customFields: ["order": .string("A-17")],
                externalID: "<m1@example.com>", attachments: [attachment], actor: EventActor(kind: .contact, id: nil))
            let (ticket, message, events) = try await database.write { db in
                try await clock.operations.create(new, on: db)
            }
            #expect(ticket.number == 1)
            #expect(ticket.subject == "Refund please")
            #expect(ticket.status == .new)
            #expect(ticket.priority == .high)
            #expect(ticket.tags == ["billing", "refund"])
            #expect(ticket.waitingSince == clock.now)
            #expect(ticket.messageCount == 1)
            #expect(ticket.lastMessagePreview == "I was charged twice.")
            #expect(message.kind == .inbound)
            #expect(message.authorKind == .contact)
            #expect(message.authorID == ticket.requesterID)
            #expect(message.attachments.map(\.filename) == ["photo.jpg"])
            #expect(events.map(\.type) == [EventType.ticketCreated, EventType.messageCreated])
            #expect(events[0].payload["ticket"]?["subject"] == "Refund please")
            #expect(events[0].payload["ticket"]?["number"]?.int64Value == 1)

            let stored = try await database.read { db in
                try await TicketRepository().get(accountID: fixture.account.id, id: ticket.id, on: db)
            }
            #expect(stored == ticket)
            let byNumber = try await database.read { db in
                try await TicketRepository().get(accountID: fixture.account.id, number: 1, on: db)
            }
            #expect(byNumber?.id == ticket.id)
            let contact = try await database.read { db in
                try await ContactRepository().get(accountID: fixture.account.id, id: ticket.requesterID, on: db)
            }
            #expect(contact?.primaryEmail == "rita@example.com")
            let timeline = try await database.read { db in
                try await MessageRepository().list(accountID: fixture.account.id, ticketID: ticket.id, on: db)
            }
            #expect(timeline == [message])

            let second = try await fixture.ticket(database, email: "rita@example.com", operations: clock.operations)
            #expect(second.ticket.number == 2)
            #expect(second.ticket.requesterID == ticket.requesterID)
            let other = try await Fixture.make(database, name: "Other")
            let first = try await other.ticket(database)
            #expect(first.ticket.number == 1)
        }
    }

    @Test("a ticket for a requester_id gets that contact's organization; another account's contact is refused",
          arguments: TestDatabase.all)
    func createForRequesterID(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let accountID = fixture.account.id
            let (member, loner, foreign) = try await database.write { db in
                let organization = try await OrganizationRepository().create(
                    accountID: accountID, name: "Initech", on: db)
                return (
                    try await ContactRepository().create(
                        accountID: accountID, name: "Peter", organizationID: organization.id, on: db),
                    try await ContactRepository().create(accountID: accountID, name: "Milton", on: db),
                    try await ContactRepository().create(accountID: other.account.id, name: "Bill", on: db))
            }
            func create(for requesterID: Int64) async throws -> Ticket {
                let new = NewTicket(
                    accountID: accountID, subject: "Stapler", body: "Where is it?", channel: .api,
                    requesterID: requesterID, actor: fixture.agentActor)
                return try await database.write { db in try await TicketOperations().create(new, on: db) }.ticket
            }
            let first = try await create(for: member.id)
            #expect(first.requesterID == member.id)
            #expect(first.organizationID == member.organizationID && first.organizationID != nil)
            let second = try await create(for: loner.id)
            #expect(second.requesterID == loner.id && second.organizationID == nil)
            #expect(second.number == first.number + 1)
            await expectError(.invalidInput, field: "requester_id") { _ = try await create(for: foreign.id) }
            let stored = try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: first.id, on: db)
            }
            #expect(stored?.number == first.number && stored?.organizationID == member.organizationID)
        }
    }

    @Test("create rejects bad references with the field named", arguments: TestDatabase.all)
    func createValidation(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let operations = TicketOperations()
            func attempt(_ change: (inout NewTicket) -> Void) async throws {
                var new = NewTicket(
                    accountID: fixture.account.id, subject: "S", body: "B", channel: .api,
                    requester: RequesterDetails(email: "x@y.org"), actor: fixture.agentActor)
                change(&new)
                let ticket = new
                _ = try await database.write { db in try await operations.create(ticket, on: db) }
            }
            await expectError(.invalidInput, field: "inbox_id") { try await attempt { $0.inboxID = other.inbox.id } }
            await expectError(.invalidInput, field: "assignee_id") {
                try await attempt { $0.assigneeID = other.agent.id }
            }
            await expectError(.invalidInput, field: "assignee_id") {
                try await attempt { $0.assigneeID = fixture.lightAgent.id }
            }
            await expectError(.invalidInput, field: "team_id") { try await attempt { $0.teamID = other.team.id } }
            await expectError(.invalidInput, field: "subject") { try await attempt { $0.subject = " " } }
            await expectError(.invalidInput, field: "tags") { try await attempt { $0.tags = ["has space"] } }
            await expectError(.invalidInput, field: "requester") { try await attempt { $0.requester = nil } }
            await expectError(.invalidInput, field: "requester_id") {
                try await attempt { $0.requesterID = 987_654 }
            }
            await expectError(.tooLarge, field: "body") {
                try await attempt { $0.body = String(repeating: "x", count: Validation.maxBodyBytes + 1) }
            }
            try await attempt { $0.externalID = "<dup@x>" }
            await expectError(.conflict, field: "external_id") { try await attempt { $0.externalID = "<dup@x>" } }
            // Nothing of the failed attempts was written: one ticket. Input refused before the write takes no
            // number; the duplicate external id is refused by the database after its number was taken, which
            // SQLite gives back (rollback) and PostgreSQL's sequence does not (TicketNumbers): a gap there.
            let counts = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: fixture.account.id, on: db)
            }
            #expect(counts.byStatus[.new] == 1)
            let next = try await fixture.ticket(database)
            #expect(next.ticket.number == (kind == .postgres ? 3 : 2))
        }
    }

    @Test("update records before/after changes; a no-op writes nothing", arguments: TestDatabase.all)
    func update(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let clock = ManualClock()
            let created = try await fixture.ticket(database, tags: ["a"], operations: clock.operations)
            clock.advance(60)
            let accountID = fixture.account.id
            let changes = TicketChanges(
                subject: "Printer fire (urgent)", status: .open, priority: .urgent, type: .some(.incident),
                assigneeID: .some(fixture.agent.id), teamID: .some(fixture.team.id), addTags: ["b", "B"],
                removeTags: ["a"], customFields: ["sku": .number(42)])
            let (ticket, events) = try await database.write { db in
                try await clock.operations.update(accountID: accountID, id: created.ticket.id, changes: changes,
                                                  actor: fixture.agentActor, on: db)
            }
            #expect(ticket.status == .open)
            #expect(ticket.assigneeID == fixture.agent.id)
            #expect(ticket.tags == ["b"])
            #expect(ticket.customFields == ["sku": .number(42)])
            #expect(ticket.updatedAt == clock.now)
            #expect(events.count == 1)
            let diff = events[0].payload["changes"]
            #expect(diff?["status"] == ["new", "open"])
            #expect(diff?["priority"] == ["normal", "urgent"])
            #expect(diff?["assignee_id"] == [nil, .number(Double(fixture.agent.id))])
            #expect(diff?["tags"] == [["a"], ["b"]])
            #expect(diff?["subject"] == ["Printer is on fire", "Printer fire (urgent)"])
            #expect(events[0].actor == fixture.agentActor)

            let noop = try await database.write { db in
                try await clock.operations.update(accountID: accountID, id: ticket.id,
                                                  changes: TicketChanges(status: .open, tags: ["b"]),
                                                  actor: fixture.agentActor, on: db)
            }
            #expect(noop.events.isEmpty)
            #expect(noop.ticket == ticket)

            let cleared = try await database.write { db in
                try await clock.operations.update(
                    accountID: accountID, id: ticket.id,
                    changes: TicketChanges(assigneeID: .some(nil), customFields: ["sku": .null]),
                    actor: fixture.agentActor, on: db)
            }
            #expect(cleared.ticket.assigneeID == nil)
            #expect(cleared.ticket.customFields.isEmpty)

            await expectError(.invalidTransition, field: "status") {
                _ = try await database.write { db in
                    try await clock.operations.update(accountID: accountID, id: ticket.id,
                                                      changes: TicketChanges(status: .new), actor: .system, on: db)
                }
            }
            await expectError(.invalidInput, field: "assignee_id") {
                _ = try await database.write { db in
                    try await clock.operations.update(accountID: accountID, id: ticket.id,
                                                      changes: TicketChanges(assigneeID: .some(fixture.lightAgent.id)),
                                                      actor: .system, on: db)
                }
            }
            await expectError(.notFound) {
                _ = try await database.write { db in
                    try await clock.operations.update(accountID: accountID + 77, id: ticket.id,
                                                      changes: TicketChanges(priority: .low), actor: .system, on: db)
                }
            }
            _ = try await database.write { db in
                try await clock.operations.update(accountID: accountID, id: ticket.id,
                                                  changes: TicketChanges(status: .closed), actor: .system, on: db)
            }
            await expectError(.invalidTransition) {
                _ = try await database.write { db in
                    try await clock.operations.update(accountID: accountID, id: ticket.id,
                                                      changes: TicketChanges(priority: .low), actor: .system, on: db)
                }
            }
            let history = try await database.read { db in
                try await EventRepository().list(accountID: accountID, ticketID: ticket.id, on: db)
            }
            #expect(history.map(\.type) == [
                EventType.ticketCreated, EventType.messageCreated, EventType.ticketUpdated, EventType.ticketUpdated,
                EventType.ticketUpdated,
            ])
        }
    }

    @Test("messages drive the lifecycle: first response, pending, reopen, notes, automatic replies",
          arguments: TestDatabase.all)
    func lifecycle(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let clock = ManualClock()
            let operations = clock.operations
            let accountID = fixture.account.id
            let created = try await fixture.ticket(database, operations: operations)
            let ticketID = created.ticket.id
            func add(_ message: NewMessage) async throws -> (ticket: Ticket, message: Message, events: [Event]) {
                clock.advance(60)
                return try await database.write { db in
                    try await operations.addMessage(accountID: accountID, ticketID: ticketID, message,
                                                    actor: fixture.agentActor, on: db)
                }
            }
            let reply = try await add(NewMessage(
                kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                text: "We are on it.", statusAfterReply: .pending))
            #expect(reply.ticket.status == .pending)
            #expect(reply.ticket.firstResponseAt == clock.now)
            #expect(reply.ticket.waitingSince == nil)
            #expect(reply.message.deliveryStatus == .queued)
            #expect(reply.events.map(\.type) == [EventType.messageCreated, EventType.ticketUpdated])
            #expect(reply.events[1].payload["changes"]?["status"] == ["new", "pending"])

            let note = try await add(NewMessage(
                kind: .note, channel: .agent, authorKind: .user, authorID: fixture.agent.id, text: "internal"))
            #expect(note.ticket.status == .pending)
            #expect(note.ticket.lastMessagePreview == "We are on it.")
            #expect(note.events.map(\.type) == [EventType.messageCreated])

            let automatic = try await add(NewMessage(
                kind: .inbound, channel: .email, authorKind: .contact, authorID: created.ticket.requesterID,
                text: "I am out of office", isAutomatic: true))
            #expect(automatic.ticket.status == .pending)

            let solved = try await database.write { db in
                try await operations.update(accountID: accountID, id: ticketID, changes: TicketChanges(status: .solved),
                                            actor: fixture.agentActor, on: db)
            }
            #expect(solved.ticket.solvedAt != nil)
            let reopened = try await add(NewMessage(
                kind: .inbound, channel: .email, authorKind: .contact, authorID: created.ticket.requesterID,
                text: "Still broken", externalID: "<reply-1@example.org>"))
            #expect(reopened.ticket.status == .open)
            #expect(reopened.ticket.reopenCount == 1)
            #expect(reopened.ticket.solvedAt == nil)
            #expect(reopened.ticket.waitingSince == clock.now)
            #expect(reopened.ticket.messageCount == 5)
            #expect(reopened.ticket.lastMessagePreview == "Still broken")

            let threaded = try await database.read { db in
                try await TicketRepository().getByMessageExternalID(accountID: accountID,
                                                                     externalID: "<reply-1@example.org>", on: db)
            }
            #expect(threaded?.id == ticketID)
            await expectError(.conflict, field: "external_id") {
                _ = try await add(NewMessage(kind: .inbound, channel: .email, authorKind: .contact, authorID: nil,
                                             text: "dup", externalID: "<reply-1@example.org>"))
            }
            await expectError(.invalidInput, field: "text") {
                _ = try await add(
                    NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: nil, text: "  "))
            }
            try await database.write { db in
                try await MessageRepository().updateDelivery(
                    accountID: accountID, id: reply.message.id, status: .failed, error: "550 mailbox unavailable",
                    on: db)
            }
            let delivered = try await database.read { db in
                try await MessageRepository().get(accountID: accountID, id: reply.message.id, on: db)
            }
            #expect(delivered?.deliveryStatus == .failed)
            #expect(delivered?.deliveryError == "550 mailbox unavailable")
        }
    }

    @Test("a customer message on a closed ticket starts a linked follow-up", arguments: TestDatabase.all)
    func followUp(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let created = try await fixture.ticket(database, tags: ["vip"])
            _ = try await database.write { db in
                try await TicketOperations().update(accountID: accountID, id: created.ticket.id,
                                                    changes: TicketChanges(status: .closed), actor: .system, on: db)
            }
            await expectError(.invalidTransition) {
                _ = try await database.write { db in
                    try await TicketOperations().addMessage(
                        accountID: accountID, ticketID: created.ticket.id,
                        NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                                   text: "late reply"),
                        actor: fixture.agentActor, on: db)
                }
            }
            let result = try await database.write { db in
                try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: created.ticket.id,
                    NewMessage(kind: .inbound, channel: .email, authorKind: .contact,
                               authorID: created.ticket.requesterID, text: "It broke again"),
                    actor: EventActor(kind: .contact, id: created.ticket.requesterID), on: db)
            }
            #expect(result.ticket.id != created.ticket.id)
            #expect(result.ticket.followUpOfID == created.ticket.id)
            #expect(result.ticket.requesterID == created.ticket.requesterID)
            #expect(result.ticket.subject == created.ticket.subject)
            #expect(result.ticket.tags == ["vip"])
            #expect(result.ticket.status == .new)
            #expect(result.message.ticketID == result.ticket.id)
            #expect(result.events.first?.type == EventType.ticketCreated)
            let original = try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: created.ticket.id, on: db)
            }
            #expect(original?.status == .closed)
            #expect(original?.messageCount == 1)
        }
    }

    @Test("merge moves the timeline in time order and closes the source", arguments: TestDatabase.all)
    func merge(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let clock = ManualClock()
            let operations = clock.operations
            let accountID = fixture.account.id
            let target = try await fixture.ticket(database, subject: "Target", body: "first", operations: operations)
            clock.advance(10)
            let source = try await fixture.ticket(database, subject: "Source", body: "second", operations: operations)
            clock.advance(10)
            _ = try await database.write { db in
                try await operations.addMessage(
                    accountID: accountID, ticketID: target.ticket.id,
                    NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                               text: "third"),
                    actor: fixture.agentActor, on: db)
            }
            clock.advance(10)
            let merged = try await database.write { db in
                try await operations.merge(accountID: accountID, sourceID: source.ticket.id, into: target.ticket.id,
                                           actor: fixture.agentActor, on: db)
            }
            #expect(merged.source.status == .closed)
            #expect(merged.source.mergedIntoID == target.ticket.id)
            #expect(merged.source.messageCount == 0)
            #expect(merged.target.messageCount == 3)
            #expect(merged.events.map(\.type) == [EventType.ticketMerged, EventType.ticketUpdated])
            #expect(merged.events[0].payload["source_id"]?.int64Value == source.ticket.id)
            #expect(merged.events[1].payload["changes"]?["merged_into_id"]
                == [nil, .number(Double(target.ticket.id))])
            let timeline = try await database.read { db in
                try await MessageRepository().list(accountID: accountID, ticketID: target.ticket.id, on: db)
            }
            #expect(timeline.map(\.text) == ["first", "second", "third"])
            let hits = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "second", on: db)
            }
            #expect(hits.map(\.ticket.id) == [target.ticket.id])
            await expectError(.invalidTransition) {
                _ = try await database.write { db in
                    try await operations.merge(accountID: accountID, sourceID: source.ticket.id,
                                               into: target.ticket.id, actor: .system, on: db)
                }
            }
            // The customer answers on the merged ticket: the message lands on the target, no follow-up.
            let late = try await database.write { db in
                try await operations.addMessage(
                    accountID: accountID, ticketID: source.ticket.id,
                    NewMessage(kind: .inbound, channel: .email, authorKind: .contact,
                               authorID: source.ticket.requesterID, text: "fourth"),
                    actor: EventActor(kind: .contact, id: source.ticket.requesterID), on: db)
            }
            #expect(late.ticket.id == target.ticket.id)
            #expect(late.ticket.messageCount == 4)
            await expectError(.invalidInput, field: "source_id") {
                _ = try await database.write { db in
                    try await operations.merge(accountID: accountID, sourceID: target.ticket.id,
                                               into: target.ticket.id, actor: .system, on: db)
                }
            }
        }
    }
}
