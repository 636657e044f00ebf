import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Saved views and tags: storage")
struct SavedViewRepositoryTests {
    @Test("a saved view lists and counts exactly the tickets its filters match", arguments: TestDatabase.all)
    func filtersAndCounts(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let billing = try await fixture.ticket(database, subject: "Invoice wrong", priority: .high,
                                                   tags: ["billing", "vip"])
            _ = try await fixture.ticket(database, subject: "Only billing", priority: .high, tags: ["billing"])
            _ = try await fixture.ticket(database, subject: "Low vip", priority: .low, tags: ["billing", "vip"])
            _ = try await database.write { db in
                try await TicketOperations().update(
                    accountID: accountID, id: billing.ticket.id,
                    changes: TicketChanges(assigneeID: .some(fixture.agent.id)), actor: fixture.ownerActor, on: db)
            }
            let repository = ViewRepository()
            let filters = SavedViewFilters(
                priorities: [.high, .urgent], assignee: .me, tags: ["VIP", "billing"], channels: [.email])
            let view = try await database.write { db in
                try await repository.create(
                    accountID: accountID, ownerID: fixture.agent.id, name: "My VIP billing", filters: filters,
                    sort: .updatedDesc, on: db)
            }
            #expect(view.filters.tags == ["billing", "vip"])
            let page = try await database.read { db in
                try await TicketRepository().list(
                    view.filters.query(userID: fixture.agent.id, sort: view.sort), accountID: accountID, on: db)
            }
            #expect(page.items.map(\.id) == [billing.ticket.id])
            #expect(try await database.read { db in
                try await repository.count(view, userID: fixture.agent.id, on: db)
            } == 1)
            #expect(try await database.read { db in
                try await repository.count(view, userID: fixture.owner.id, on: db)
            } == 0)

            let everything = try await database.write { db in
                try await repository.create(
                    accountID: accountID, ownerID: nil, name: "All billing",
                    filters: SavedViewFilters(tags: ["billing"]), sort: .createdDesc, on: db)
            }
            #expect(try await database.read { db in try await repository.count(everything, userID: 1, cap: 2, on: db) }
                == 3)
            #expect(try await database.read { db in try await repository.count(everything, userID: 1, cap: 5, on: db) }
                == 3)
            #expect(try await database.read { db in try await repository.count(everything, userID: 1, cap: 1, on: db) }
                == 2)

            let forOwner = try await database.read { db in
                try await repository.list(accountID: accountID, userID: fixture.owner.id, on: db)
            }
            #expect(forOwner.map(\.id) == [everything.id])
            let forAgent = try await database.read { db in
                try await repository.list(accountID: accountID, userID: fixture.agent.id, on: db)
            }
            #expect(forAgent.map(\.id) == [everything.id, view.id])

            await expectError(.conflict, field: "name") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: nil, name: "ALL BILLING", filters: SavedViewFilters(),
                        sort: .createdDesc, on: db)
                }
            }
            await expectError(.invalidInput, field: "filters.assignee_id") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: nil, name: "Broken", filters: SavedViewFilters(assignee: .user),
                        sort: .createdDesc, on: db)
                }
            }
            await expectError(.invalidInput, field: "filters.created_before") {
                let day = Date(timeIntervalSince1970: 1_800_000_000)
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: nil, name: "Backwards",
                        filters: SavedViewFilters(createdAfter: day, createdBefore: day), sort: .createdDesc, on: db)
                }
            }
            let renamed = try await database.write { db in
                try await repository.update(
                    accountID: accountID, id: view.id, name: "VIP", filters: SavedViewFilters(statuses: [.new]),
                    sort: .priorityDesc, on: db)
            }
            #expect(renamed.name == "VIP")
            #expect(try await database.read { db in try await repository.get(accountID: accountID, id: view.id, on: db) }
                == renamed)
            #expect(try await database.write { db in try await repository.delete(accountID: accountID, id: view.id, on: db) })
            #expect(try await database.read { db in try await repository.get(accountID: accountID, id: view.id, on: db) }
                == nil)
        }
    }

    @Test("filters round-trip through JSON with ISO dates; malformed dates are refused")
    func filtersJSON() throws {
        let day = try #require(SavedViewFilters.parseDate("2026-11-23"))
        let filters = SavedViewFilters(statuses: [.open], assignee: .unassigned, createdAfter: day)
        let text = try JSONText.encode(filters)
        #expect(text.contains("\"created_after\":\"2026-11-23T00:00:00Z\""))
        #expect(text.contains("\"assignee\":\"none\""))
        #expect(try JSONDecoder().decode(SavedViewFilters.self, from: Data(text.utf8)) == filters)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SavedViewFilters.self, from: Data(#"{"created_after":"yesterday"}"#.utf8))
        }
    }

    @Test("tags: usage counts, rename merges, delete removes, events per ticket", arguments: TestDatabase.all)
    func tags(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let accountID = fixture.account.id
            let first = try await fixture.ticket(database, tags: ["bug", "urgent-ish"])
            let second = try await fixture.ticket(database, tags: ["bug", "defect"])
            _ = try await other.ticket(database, tags: ["bug"])
            let repository = TagRepository()
            #expect(try await database.read { db in try await repository.list(accountID: accountID, on: db) } == [
                TagUsage(name: "bug", ticketCount: 2), TagUsage(name: "defect", ticketCount: 1),
                TagUsage(name: "urgent-ish", ticketCount: 1),
            ])
            let renamed = try await database.write { db in
                try await repository.rename(
                    accountID: accountID, tag: "bug", to: "Defect", actor: fixture.ownerActor, on: db)
            }
            #expect(renamed.ticketCount == 2)
            #expect(renamed.events.allSatisfy { $0.type == EventType.ticketUpdated })
            #expect(Set(renamed.events.compactMap(\.ticketID)) == [first.ticket.id, second.ticket.id])
            #expect(try await database.read { db in try await repository.list(accountID: accountID, on: db) } == [
                TagUsage(name: "defect", ticketCount: 2), TagUsage(name: "urgent-ish", ticketCount: 1),
            ])
            let reloaded = try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: second.ticket.id, on: db)
            }
            #expect(reloaded?.tags == ["defect"])
            #expect(reloaded?.updatedAt == second.ticket.updatedAt)
            #expect(try await database.read { db in try await repository.list(accountID: other.account.id, on: db) }
                == [TagUsage(name: "bug", ticketCount: 1)])

            let deleted = try await database.write { db in
                try await repository.delete(accountID: accountID, tag: "defect", actor: fixture.ownerActor, on: db)
            }
            #expect(deleted.ticketCount == 2)
            #expect(try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: first.ticket.id, on: db)
            }?.tags == ["urgent-ish"])
            await expectError(.notFound) {
                _ = try await database.write { db in
                    try await repository.delete(accountID: accountID, tag: "defect", actor: fixture.ownerActor, on: db)
                }
            }
            await expectError(.invalidInput, field: "name") {
                _ = try await database.write { db in
                    try await repository.rename(
                        accountID: accountID, tag: "urgent-ish", to: "no spaces allowed", actor: fixture.ownerActor,
                        on: db)
                }
            }
            #expect(try await database.read { db in try await repository.list(accountID: accountID, on: db) }
                == [TagUsage(name: "urgent-ish", ticketCount: 1)])
        }
    }
}
