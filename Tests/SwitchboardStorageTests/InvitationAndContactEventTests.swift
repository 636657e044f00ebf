import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Invitations and contact events")
struct InvitationAndContactEventTests {
    @Test("an invitation link works once, expires after 7 days, and is stored only hashed",
          arguments: TestDatabase.all)
    func invitationLink(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let repository = InvitationRepository()
            let now = Date()
            let email = "new-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let (user, invitation, token) = try await database.write { db in
                try await repository.invite(
                    accountID: accountID, email: email, name: "Nia New", role: .agent,
                    invitedBy: fixture.owner.id, now: now, on: db)
            }
            #expect(invitation.expiresAt.timeIntervalSince(now) > 6.9 * 24 * 3600)
            let stored = try await database.read { db in
                try await db.raw("SELECT token_hash FROM user_invitations WHERE user_id = \(bind: user.id)")
                    .first(decodingColumn: "token_hash", as: String.self)
            }
            #expect(stored != nil && stored != token && stored?.contains(token) == false)
            let login = try await database.read { db in try await UserRepository().getForLogin(email: email, on: db) }
            #expect(login?.passwordHash == nil)
            #expect(try await database.read { db in
                try await repository.pendingUserIDs(accountID: accountID, now: now, on: db)
            }.contains(user.id))
            // Expired after 7 days.
            let late = now.addingTimeInterval(UserInvitation.lifetime + 1)
            #expect(try await database.read { db in try await repository.get(token: token, now: late, on: db) } == nil)
            await expectError(.notFound, field: "token") {
                _ = try await database.write { db in
                    try await repository.accept(token: token, passwordHash: "h", now: late, on: db)
                }
            }
            // Unknown and malformed tokens.
            for bad in ["", "sbi_" + String(repeating: "A", count: 43), "not-a-token", "sbi_'; DROP TABLE users;--"] {
                #expect(try await database.read { db in try await repository.get(token: bad, now: now, on: db) } == nil)
            }
            // Used once.
            let accepted = try await database.write { db in
                try await repository.accept(token: token, passwordHash: "bcrypt-hash", now: now, on: db)
            }
            #expect(accepted.id == user.id)
            let after = try await database.read { db in try await UserRepository().getForLogin(email: email, on: db) }
            #expect(after?.passwordHash == "bcrypt-hash")
            await expectError(.notFound, field: "token") {
                _ = try await database.write { db in
                    try await repository.accept(token: token, passwordHash: "other", now: now, on: db)
                }
            }
            // A duplicate email is a conflict and creates nothing.
            await expectError(.conflict, field: "email") {
                _ = try await database.write { db in
                    try await repository.invite(
                        accountID: accountID, email: email, name: "Twin", role: .agent, invitedBy: nil, now: now,
                        on: db)
                }
            }
            // A new link replaces the pending one.
            let second = try await database.write { db in
                try await repository.invite(
                    accountID: accountID, email: "x" + email, name: "Xavi", role: .agent, invitedBy: nil, now: now,
                    on: db)
            }
            let replacement = try await database.write { db in
                try await repository.issue(
                    accountID: accountID, userID: second.user.id, invitedBy: nil, now: now, on: db)
            }
            #expect(try await database.read { db in
                try await repository.get(token: second.token, now: now, on: db)
            } == nil)
            #expect(try await database.read { db in
                try await repository.get(token: replacement.token, now: now, on: db)
            }?.user.id == second.user.id)
        }
    }

    @Test("contact create, edit and merge write events linked to the contact's history",
          arguments: TestDatabase.all)
    func contactEvents(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let operations = ContactOperations()
            let actor = fixture.agentActor
            let (target, created) = try await database.write { db in
                try await operations.create(
                    accountID: accountID, name: "Tess Target", identities: [(.email, "tess@example.org")],
                    actor: actor, on: db)
            }
            #expect(created.map(\.type) == [EventType.contactCreated])
            let (source, _) = try await database.write { db in
                try await operations.create(
                    accountID: accountID, name: "Tess Duplicate", identities: [(.phone, "+1 555 0100 200")],
                    actor: actor, on: db)
            }
            let (_, edited) = try await database.write { db in
                try await operations.update(
                    accountID: accountID, id: target.id, name: "Tess T.", notes: "Prefers phone", actor: actor, on: db)
            }
            #expect(edited.first?.type == EventType.contactUpdated)
            if case .object(let payload)? = edited.first?.payload, case .object(let changes)? = payload["changes"] {
                #expect(Set(changes.keys) == ["name", "notes"])
            } else {
                Issue.record("contact.updated has no changes")
            }
            let (_, nothing) = try await database.write { db in
                try await operations.update(accountID: accountID, id: target.id, name: "Tess T.", actor: actor, on: db)
            }
            #expect(nothing.isEmpty)
            let (merged, mergeEvents) = try await database.write { db in
                try await operations.merge(
                    accountID: accountID, sourceID: source.id, into: target.id, actor: actor, on: db)
            }
            #expect(mergeEvents.map(\.type) == [EventType.contactMerged])
            #expect(Set(merged.identities.map(\.value)) == ["tess@example.org", "+15550100200"])
            let history = try await database.read { db in
                try await operations.history(accountID: accountID, contactID: target.id, on: db)
            }
            // Newest first, and the source's own creation moved over with it.
            #expect(history.map(\.type) == [
                EventType.contactMerged, EventType.contactUpdated, EventType.contactCreated, EventType.contactCreated,
            ])
            // A failed merge (into itself) writes nothing.
            await expectError(.invalidInput, field: "source_id") {
                _ = try await database.write { db in
                    try await operations.merge(
                        accountID: accountID, sourceID: target.id, into: target.id, actor: actor, on: db)
                }
            }
            let again = try await database.read { db in
                try await operations.history(accountID: accountID, contactID: target.id, on: db)
            }
            #expect(again.count == 4)
        }
    }
}
