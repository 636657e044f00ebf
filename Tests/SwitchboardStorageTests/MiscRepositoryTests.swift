import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Attachments, messages and housekeeping")
struct MiscRepositoryTests {
    @Test("attachment metadata: create, get, list, references; bad metadata is refused", arguments: TestDatabase.all)
    func attachments(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let accountID = fixture.account.id
            let created = try await fixture.ticket(database)
            let hash = String(repeating: "0f", count: 32)
            let repository = AttachmentRepository()
            let (first, second) = try await database.write { db in
                (
                    try await repository.create(
                        accountID: accountID, messageID: created.message.id,
                        NewAttachment(filename: "a.pdf", contentType: "application/pdf", size: 10, sha256: hash),
                        on: db),
                    try await repository.create(
                        accountID: accountID, messageID: created.message.id,
                        NewAttachment(filename: "logo.png", contentType: "image/png", contentID: "logo@x", size: 20,
                                      sha256: hash.uppercased(), isInline: true),
                        on: db)
                )
            }
            #expect(second.sha256 == hash)
            #expect(second.isInline)
            #expect(try await database.read { db in
                try await repository.get(accountID: accountID, id: first.id, on: db)
            }
                == first)
            #expect(try await database.read { db in
                try await repository.get(accountID: other.account.id, id: first.id, on: db)
            } == nil)
            #expect(try await database.read { db in
                try await repository.list(accountID: accountID, messageID: created.message.id, on: db)
            } == [first, second])
            #expect(try await database.read { db in try await repository.isReferenced(sha256: hash, on: db) })
            #expect(try await database.read { db in
                try await repository.isReferenced(sha256: String(repeating: "1", count: 64), on: db)
            } == false)
            let timeline = try await database.read { db in
                try await MessageRepository().list(accountID: accountID, ticketID: created.ticket.id, on: db)
            }
            #expect(timeline.first?.attachments == [first, second])
            await expectError(.invalidInput, field: "sha256") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, messageID: created.message.id,
                        NewAttachment(filename: "x", contentType: "text/plain", size: 1, sha256: "nothex"), on: db)
                }
            }
            await expectError(.invalidInput, field: "message_id") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: other.account.id, messageID: created.message.id,
                        NewAttachment(filename: "x", contentType: "text/plain", size: 1, sha256: hash), on: db)
                }
            }
            await expectError(.invalidInput, field: "size") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, messageID: created.message.id,
                        NewAttachment(filename: "x", contentType: "text/plain", size: -1, sha256: hash), on: db)
                }
            }
        }
    }

    @Test("messages by external id; contacts by ids", arguments: TestDatabase.all)
    func lookups(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let new = NewTicket(
                accountID: accountID, subject: "Threaded", body: "hello", channel: .email,
                requester: RequesterDetails(email: "t@x.org"), externalID: "<abc@mail.test>",
                actor: EventActor(kind: .contact, id: nil))
            let created = try await database.write { db in try await TicketOperations().create(new, on: db) }
            let message = try await database.read { db in
                try await MessageRepository().getByExternalID(
                    accountID: accountID, externalID: "<abc@mail.test>", on: db)
            }
            #expect(message == created.message)
            #expect(try await database.read { db in
                try await MessageRepository().getByExternalID(accountID: accountID, externalID: "<none>", on: db)
            } == nil)
            let second = try await fixture.ticket(database, email: "u@x.org")
            let contacts = try await database.read { db in
                try await ContactRepository().get(
                    accountID: accountID, ids: [second.ticket.requesterID, created.ticket.requesterID, 123_456], on: db)
            }
            #expect(Set(contacts.map(\.id)) == [second.ticket.requesterID, created.ticket.requesterID])
            #expect(contacts.allSatisfy { $0.identities.count == 1 })
        }
    }

    @Test("housekeeping: sessions of a user, old login attempts", arguments: TestDatabase.all)
    func housekeeping(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let sessions = SessionRepository()
            let now = Date()
            let expiry = now.addingTimeInterval(600)
            let (agentSession, ownerSession) = try await database.write { db in
                (
                    try await sessions.create(userID: fixture.agent.id, accountID: fixture.account.id,
                                              expiresAt: expiry, on: db),
                    try await sessions.create(userID: fixture.owner.id, accountID: fixture.account.id,
                                              expiresAt: expiry, on: db)
                )
            }
            try await database.write { db in
                try await sessions.deleteAll(accountID: fixture.account.id, userID: fixture.agent.id, on: db)
            }
            #expect(try await database.read { db in
                try await sessions.get(secret: agentSession.secret, now: now, on: db)
            }
                == nil)
            #expect(try await database.read { db in
                try await sessions.get(secret: ownerSession.secret, now: now, on: db)
            }
                != nil)
            let attempts = LoginAttemptRepository()
            try await database.write { db in
                try await attempts.recordFailure(key: "k", at: now.addingTimeInterval(-7200), on: db)
                try await attempts.recordFailure(key: "k", at: now, on: db)
                try await attempts.deleteOlder(than: now.addingTimeInterval(-3600), on: db)
            }
            #expect(try await database.read { db in
                try await attempts.failures(key: "k", since: now.addingTimeInterval(-9999), on: db)
            } == 1)
        }
    }
}
