import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Accounts, users, teams, inboxes")
struct AccountRepositoryTests {
    @Test("accounts are created, read and listed", arguments: TestDatabase.all)
    func accounts(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let repository = AccountRepository()
            let (first, second) = try await database.write { db in
                (try await repository.create(name: " Acme ", on: db), try await repository.create(name: "Beta", on: db))
            }
            #expect(first.name == "Acme")
            #expect(second.id > first.id)
            let fetched = try await database.read { db in try await repository.get(id: first.id, on: db) }
            #expect(fetched == first)
            #expect(try await database.read { db in try await repository.get(id: 999_999, on: db) } == nil)
            #expect(try await database.read { db in try await repository.list(on: db) }.map(\.name) == ["Acme", "Beta"])
            await expectError(.invalidInput, field: "name") {
                _ = try await database.write { db in try await repository.create(name: "   ", on: db) }
            }
        }
    }

    @Test("users: create, login lookup, list, update; duplicate email is a conflict", arguments: TestDatabase.all)
    func users(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let users = UserRepository()
            let login = try await database.read { db in
                try await users.getForLogin(email: "  \(fixture.owner.email.uppercased()) ", on: db)
            }
            #expect(login?.user == fixture.owner)
            #expect(login?.passwordHash == "hash-o")
            #expect(try await database.read { db in try await users.getForLogin(email: "nobody@x.org", on: db) } == nil)

            await expectError(.conflict, field: "email") {
                _ = try await database.write { db in
                    try await users.create(accountID: fixture.account.id, email: fixture.agent.email.uppercased(),
                                           name: "Copy", role: .agent, passwordHash: nil, on: db)
                }
            }
            await expectError(.invalidInput, field: "email") {
                _ = try await database.write { db in
                    try await users.create(accountID: fixture.account.id, email: "not an email", name: "X",
                                           role: .agent, passwordHash: nil, on: db)
                }
            }
            let listed = try await database.read { db in try await users.list(accountID: fixture.account.id, on: db) }
            #expect(listed.map(\.name) == ["Adam Agent", "Lena Light", "Olivia Owner"])

            let updated = try await database.write { db in
                try await users.update(accountID: fixture.account.id, id: fixture.agent.id, name: "Adam A.",
                                       role: .admin, isActive: false, passwordHash: "new-hash", on: db)
            }
            #expect(updated.name == "Adam A.")
            #expect(updated.role == .admin)
            #expect(updated.isActive == false)
            let relogin = try await database.read { db in
                try await users.getForLogin(email: fixture.agent.email, on: db)
            }
            #expect(relogin?.passwordHash == "new-hash")
            await expectError(.notFound) {
                _ = try await database.write { db in
                    try await users.update(accountID: fixture.account.id + 1000, id: fixture.agent.id, name: "X",
                                           on: db)
                }
            }
        }
    }

    @Test("teams keep their members; members must belong to the account", arguments: TestDatabase.all)
    func teams(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let teams = TeamRepository()
            let accountID = fixture.account.id
            let billing = try await database.write { db in
                try await teams.create(accountID: accountID, name: "Billing",
                                       memberIDs: [fixture.owner.id, fixture.agent.id, fixture.owner.id], on: db)
            }
            #expect(billing.memberIDs == [fixture.owner.id, fixture.agent.id].sorted())
            let renamed = try await database.write { db in
                try await teams.update(accountID: accountID, id: billing.id, name: "Billing & Refunds",
                                       memberIDs: [fixture.lightAgent.id], on: db)
            }
            #expect(renamed.name == "Billing & Refunds")
            #expect(renamed.memberIDs == [fixture.lightAgent.id])
            #expect(try await database.read { db in try await teams.list(accountID: accountID, on: db) }.map(\.name)
                == ["Billing & Refunds", "Support"])
            await expectError(.invalidInput, field: "member_ids") {
                _ = try await database.write { db in
                    try await teams.create(accountID: accountID, name: "Mixed", memberIDs: [other.agent.id], on: db)
                }
            }
            await expectError(.conflict, field: "name") {
                _ = try await database.write { db in
                    try await teams.create(accountID: accountID, name: "Support", on: db)
                }
            }
            #expect(try await database.read { db in
                try await teams.get(accountID: other.account.id, id: billing.id, on: db)
            }
                == nil)
        }
    }

    @Test("inboxes: by id, by public id, by address; duplicate address is a conflict", arguments: TestDatabase.all)
    func inboxes(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let inboxes = InboxRepository()
            let form = try await database.write { db in
                try await inboxes.create(accountID: fixture.account.id, name: "Web form", channel: .webForm,
                                         webFormEnabled: true, on: db)
            }
            #expect(form.webFormEnabled)
            #expect(form.emailAddress == nil)
            #expect(try await database.read { db in try await inboxes.get(id: form.id, on: db) } == form)
            let address = fixture.inbox.emailAddress ?? ""
            #expect(try await database.read { db in try await inboxes.get(emailAddress: address.uppercased(), on: db) }
                == fixture.inbox)
            await expectError(.conflict, field: "email_address") {
                _ = try await database.write { db in
                    try await inboxes.create(accountID: fixture.account.id, name: "Copy", channel: .email,
                                             emailAddress: address, on: db)
                }
            }
            let updated = try await database.write { db in
                try await inboxes.update(accountID: fixture.account.id, id: fixture.inbox.id, name: "Renamed",
                                         emailAddress: .some(nil), webFormEnabled: true, on: db)
            }
            #expect(updated.name == "Renamed")
            #expect(updated.emailAddress == nil)
            #expect(try await database.read { db in
                try await inboxes.list(accountID: fixture.account.id, on: db)
            }.count
                == 2)
        }
    }

    @Test("organizations with domains, paged", arguments: TestDatabase.all)
    func organizations(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let organizations = OrganizationRepository()
            let accountID = fixture.account.id
            let globex = try await database.write { db in
                try await organizations.create(accountID: accountID, name: "Globex", tier: "premium",
                                               domains: ["Globex.com", "globex.co.uk"], on: db)
            }
            #expect(globex.domains == ["globex.co.uk", "globex.com"])
            // Several at once (the inbox page's batch), unknown and repeated ids skipped, domains included.
            let batch = try await database.read { db in
                try await organizations.get(accountID: accountID, ids: [globex.id, 999_999, globex.id], on: db)
            }
            #expect(batch.map(\.id) == [globex.id])
            #expect(batch.first?.domains == globex.domains)
            let otherAccount = try await database.read { db in
                try await organizations.get(accountID: accountID + 1_000, ids: [globex.id], on: db)
            }
            #expect(otherAccount.isEmpty)
            await expectError(.conflict, field: "domains") {
                _ = try await database.write { db in
                    try await organizations.create(accountID: accountID, name: "Copycat", domains: ["globex.com"],
                                                   on: db)
                }
            }
            await expectError(.invalidInput, field: "domains") {
                _ = try await database.write { db in
                    try await organizations.create(accountID: accountID, name: "Bad", domains: ["no spaces.com x"],
                                                   on: db)
                }
            }
            for index in 0..<4 {
                _ = try await database.write { db in
                    try await organizations.create(accountID: accountID, name: "Org \(index)", on: db)
                }
            }
            var seen: [Int64] = []
            var after: Int64?
            repeat {
                let page = try await database.read { [after] db in
                    try await organizations.list(accountID: accountID, limit: 2, after: after, on: db)
                }
                seen += page.items.map(\.id)
                after = page.nextCursor.flatMap { Int64($0) }
            } while after != nil
            #expect(seen.count == 5)
            #expect(seen == seen.sorted())
            let updated = try await database.write { db in
                try await organizations.update(accountID: accountID, id: globex.id, tier: "enterprise",
                                               domains: ["globex.org"], on: db)
            }
            #expect(updated.tier == "enterprise")
            #expect(updated.domains == ["globex.org"])
            let domainOwner = try await database.read { db in
                try await organizations.get(accountID: accountID, emailDomainOf: "x@GLOBEX.org", on: db)
            }
            #expect(domainOwner == globex.id)
        }
    }
}
