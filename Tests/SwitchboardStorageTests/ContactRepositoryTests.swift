import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Contacts")
struct ContactRepositoryTests {
    @Test("create, get, find by normalised identity; an identity in use is a conflict", arguments: TestDatabase.all)
    func createAndFind(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let contacts = ContactRepository()
            let accountID = fixture.account.id
            let contact = try await database.write { db in
                try await contacts.create(accountID: accountID, name: "Dana",
                                          identities: [(.email, " Dana@Example.COM "), (.phone, "+1 (555) 010-2000")],
                                          notes: "VIP", on: db)
            }
            #expect(contact.identities.map(\.value) == ["dana@example.com", "+15550102000"])
            #expect(contact.primaryEmail == "dana@example.com")
            #expect(try await database.read { db in
                try await contacts.get(accountID: accountID, id: contact.id, on: db)
            }
                == contact)
            let byPhone = try await database.read { db in
                try await contacts.find(accountID: accountID, kind: .phone, value: "+1 555 010 2000", on: db)
            }
            #expect(byPhone?.id == contact.id)
            await expectError(.conflict, field: "identities") {
                _ = try await database.write { db in
                    try await contacts.create(accountID: accountID, name: "Copy",
                                              identities: [(.email, "dana@example.com")], on: db)
                }
            }
            await expectError(.invalidInput, field: "identities") {
                _ = try await database.write { db in
                    try await contacts.create(accountID: accountID, name: "Bad", identities: [(.email, "nope")], on: db)
                }
            }
        }
    }

    @Test("the unique index itself maps to a conflict on both databases", arguments: TestDatabase.all)
    func uniqueViolationMapping(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let contact = try await database.write { db in
                try await ContactRepository().create(accountID: fixture.account.id, name: "E",
                                                     identities: [(.email, "e@x.org")], on: db)
            }
            await expectError(.conflict, field: "identities") {
                try await database.write { db in
                    try await db.raw("""
                        INSERT INTO contact_identities
                            (account_id, contact_id, kind, value, is_undeliverable, created_at)
                        VALUES (\(bind: fixture.account.id), \(bind: contact.id), 'email', 'e@x.org', \(bind: false), 0)
                        """).run()
                }
            }
            await expectError(.conflict, field: "email") {
                try await database.write { db in
                    try await db.raw("""
                        INSERT INTO users (account_id, email, name, role, is_active, created_at, updated_at)
                        VALUES (\(bind: fixture.account.id), \(bind: fixture.agent.email), 'X', 'agent',
                                \(bind: true), 0, 0)
                        """).run()
                }
            }
            // The failed transaction changed nothing.
            let count = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM users").first(decodingColumn: "n", as: Int64.self)
            }
            #expect(count == 3)
        }
    }

    @Test("findOrCreate finds by email, then phone, creates once, joins the domain's organization",
          arguments: TestDatabase.all)
    func findOrCreate(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let contacts = ContactRepository()
            let accountID = fixture.account.id
            let organization = try await database.write { db in
                try await OrganizationRepository().create(
                    accountID: accountID, name: "Initech", domains: ["initech.com"], on: db)
            }
            let first = try await database.write { db in
                try await contacts.findOrCreate(accountID: accountID, name: "Peter", email: "Peter@Initech.com",
                                                phone: nil, on: db)
            }
            #expect(first.created)
            let stored = try await database.read { db in
                try await contacts.get(accountID: accountID, id: first.contact.id, on: db)
            }
            #expect(stored == first.contact, "a new contact is returned as it is stored")
            let both = try await database.write { db in
                try await contacts.findOrCreate(accountID: accountID, name: "Both", email: "both@example.net",
                                                phone: "+44 20 7946 0001", on: db)
            }
            let bothStored = try await database.read { db in
                try await contacts.get(accountID: accountID, id: both.contact.id, on: db)
            }
            #expect(both.created && bothStored == both.contact && both.contact.identities.count == 2)
            #expect(first.contact.organizationID == organization.id)
            #expect(first.contact.name == "Peter")
            let again = try await database.write { db in
                try await contacts.findOrCreate(accountID: accountID, name: nil, email: "peter@initech.com",
                                                phone: "+44 20 7946 0000", on: db)
            }
            #expect(!again.created)
            #expect(again.contact.id == first.contact.id)
            #expect(again.contact.identities.map(\.kind) == [.email, .phone])
            let byPhone = try await database.write { db in
                try await contacts.findOrCreate(accountID: accountID, name: nil, email: nil, phone: "+442079460000",
                                                on: db)
            }
            #expect(byPhone.contact.id == first.contact.id)
            let anonymous = try await database.write { db in
                try await contacts.findOrCreate(accountID: accountID, name: "  ", email: "anon@example.net", phone: nil,
                                                on: db)
            }
            #expect(anonymous.contact.name == "anon@example.net")
            await expectError(.invalidInput, field: "requester") {
                _ = try await database.write { db in
                    try await contacts.findOrCreate(accountID: accountID, name: "X", email: nil, phone: nil, on: db)
                }
            }
            await expectError(.invalidInput, field: "email") {
                _ = try await database.write { db in
                    try await contacts.findOrCreate(accountID: accountID, name: "X", email: "bad", phone: nil, on: db)
                }
            }
        }
    }

    @Test("concurrent findOrCreate of one email creates one contact", arguments: TestDatabase.all)
    func concurrentFindOrCreate(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await database.write { db in
                            try await ContactRepository().findOrCreate(
                                accountID: accountID, name: nil, email: "race@example.com", phone: nil, on: db
                            ).contact.id
                        }
                    }
                }
                var ids: Set<Int64> = []
                for try await id in group { ids.insert(id) }
                return ids
            }
            #expect(ids.count == 1)
        }
    }

    @Test("list pages by id and matches names and identities", arguments: TestDatabase.all)
    func list(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let contacts = ContactRepository()
            let accountID = fixture.account.id
            try await database.write { db in
                for index in 0..<7 {
                    _ = try await contacts.create(accountID: accountID, name: "Person \(index)",
                                                  identities: [(.email, "p\(index)@list.test")], on: db)
                }
                _ = try await contacts.create(accountID: accountID, name: "100%_literal", on: db)
            }
            var names: [String] = []
            var after: Int64?
            var pages = 0
            repeat {
                let page = try await database.read { [after] db in
                    try await contacts.list(accountID: accountID, limit: 3, after: after, on: db)
                }
                names += page.items.map(\.name)
                #expect(page.items.allSatisfy { $0.name.hasPrefix("100") || $0.identities.count == 1 })
                after = page.nextCursor.flatMap { Int64($0) }
                pages += 1
            } while after != nil
            #expect(names.count == 8)
            #expect(pages == 3)
            let matches = try await database.read { db in
                try await contacts.list(accountID: accountID, query: "P3@LIST", limit: 10, on: db)
            }
            #expect(matches.items.map(\.name) == ["Person 3"])
            let literal = try await database.read { db in
                try await contacts.list(accountID: accountID, query: "%_", limit: 10, on: db)
            }
            #expect(literal.items.map(\.name) == ["100%_literal"])
            await expectError(.invalidInput, field: "limit") {
                _ = try await database.read { db in try await contacts.list(accountID: accountID, limit: 0, on: db) }
            }
        }
    }

    @Test("update, merge (identities and tickets move), mark undeliverable", arguments: TestDatabase.all)
    func updateMergeUndeliverable(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let contacts = ContactRepository()
            let accountID = fixture.account.id
            let source = try await fixture.ticket(database, email: "old@home.test")
            let target = try await database.write { db in
                try await contacts.create(accountID: accountID, name: "Target", identities: [(.email, "new@work.test")],
                                          on: db)
            }
            let organization = try await database.write { db in
                try await OrganizationRepository().create(accountID: accountID, name: "Work", on: db)
            }
            let updated = try await database.write { db in
                try await contacts.update(accountID: accountID, id: target.id, name: "Target Person",
                                          organizationID: .some(organization.id), notes: "prefers email", on: db)
            }
            #expect(updated.organizationID == organization.id)
            #expect(updated.notes == "prefers email")
            let merged = try await database.write { db in
                try await contacts.merge(accountID: accountID, sourceID: source.ticket.requesterID, into: target.id,
                                         on: db)
            }
            #expect(Set(merged.identities.map(\.value)) == ["new@work.test", "old@home.test"])
            #expect(try await database.read { db in
                try await contacts.get(accountID: accountID, id: source.ticket.requesterID, on: db)
            } == nil)
            let ticket = try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: source.ticket.id, on: db)
            }
            #expect(ticket?.requesterID == target.id)
            try await database.write { db in
                try await contacts.markUndeliverable(accountID: accountID, kind: .email, value: "OLD@home.test", on: db)
            }
            let after = try await database.read { db in
                try await contacts.get(accountID: accountID, id: target.id, on: db)
            }
            #expect(after?.identities.first { $0.value == "old@home.test" }?.isUndeliverable == true)
            #expect(after?.identities.first { $0.value == "new@work.test" }?.isUndeliverable == false)
            await expectError(.invalidInput, field: "source_id") {
                _ = try await database.write { db in
                    try await contacts.merge(accountID: accountID, sourceID: target.id, into: target.id, on: db)
                }
            }
        }
    }
}
