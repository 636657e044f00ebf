import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Custom fields")
struct CustomFieldRepositoryTests {
    @Test("definitions: create, list by position, update, delete; bad or duplicate input changes nothing",
          arguments: TestDatabase.all)
    func definitions(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let repository = CustomFieldRepository()
            let accountID = fixture.account.id
            let plan = try await database.write { db in
                try await repository.create(
                    accountID: accountID, key: "plan", label: "Plan", type: .dropdown, options: ["free", "pro"],
                    requiredOnSolve: true, on: db)
            }
            let order = try await database.write { db in
                try await repository.create(accountID: accountID, key: "order_id", label: "Order", type: .text, on: db)
            }
            #expect(plan.options == ["free", "pro"] && plan.requiredOnSolve && plan.isActive)
            #expect(order.position > plan.position)
            await expectError(.conflict, field: "key") {
                _ = try await database.write { db in
                    try await repository.create(accountID: accountID, key: "plan", label: "Again", type: .text, on: db)
                }
            }
            await expectError(.invalidInput, field: "key") {
                _ = try await database.write { db in
                    try await repository.create(accountID: accountID, key: "Bad Key", label: "X", type: .text, on: db)
                }
            }
            await expectError(.invalidInput, field: "options") {
                _ = try await database.write { db in
                    try await repository.create(accountID: accountID, key: "empty", label: "X", type: .dropdown, on: db)
                }
            }
            await expectError(.invalidInput, field: "options[1]") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, key: "dup", label: "X", type: .dropdown, options: ["a", "a"], on: db)
                }
            }
            await expectError(.invalidInput, field: "options") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, key: "txt", label: "X", type: .text, options: ["a"], on: db)
                }
            }
            // The same key in another account is fine; the other account cannot see or change ours.
            _ = try await database.write { db in
                try await repository.create(accountID: other.account.id, key: "plan", label: "P", type: .text, on: db)
            }
            await expectError(.notFound) {
                _ = try await database.write { db in
                    try await repository.update(
                        accountID: other.account.id, id: plan.id, CustomFieldChanges(label: "Hijack"), on: db)
                }
            }
            let updated = try await database.write { db in
                try await repository.update(
                    accountID: accountID, id: plan.id,
                    CustomFieldChanges(label: "Plan tier", options: ["free", "pro", "enterprise"], position: 10,
                                       isActive: false), on: db)
            }
            #expect(updated.label == "Plan tier" && updated.options.count == 3 && !updated.isActive)
            let listed = try await database.read { db in try await repository.list(accountID: accountID, on: db) }
            #expect(listed.map(\.key) == ["order_id", "plan"])
            let active = try await database.read { db in
                try await repository.list(accountID: accountID, activeOnly: true, on: db)
            }
            #expect(active.map(\.key) == ["order_id"])
            try await database.write { db in try await repository.delete(accountID: accountID, id: order.id, on: db) }
            await expectError(.notFound) {
                try await database.write { db in
                    try await repository.delete(accountID: accountID, id: order.id, on: db)
                }
            }
        }
    }

    @Test("ticket changes are checked against the definitions; required fields block solving",
          arguments: TestDatabase.all)
    func ticketValidation(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let created = try await fixture.ticket(database)
            let ticketID = created.ticket.id
            // Without definitions, custom fields are free-form (clients that predate definitions keep working).
            _ = try await database.write { db in
                try await TicketOperations().update(
                    accountID: accountID, id: ticketID, changes: TicketChanges(customFields: ["legacy": .number(1)]),
                    actor: fixture.agentActor, on: db)
            }
            let repository = CustomFieldRepository()
            _ = try await database.write { db in
                try await repository.create(
                    accountID: accountID, key: "plan", label: "Plan", type: .dropdown, options: ["free", "pro"],
                    requiredOnSolve: true, on: db)
            }
            _ = try await database.write { db in
                try await repository.create(accountID: accountID, key: "seats", label: "Seats", type: .number, on: db)
            }
            _ = try await database.write { db in
                try await repository.create(accountID: accountID, key: "renewal", label: "Renewal", type: .date, on: db)
            }
            func change(_ fields: [String: CustomFieldValue], status: TicketStatus? = nil) async throws -> Ticket {
                try await database.write { db in
                    try await TicketOperations().update(
                        accountID: accountID, id: ticketID,
                        changes: TicketChanges(status: status, customFields: fields), actor: fixture.agentActor,
                        on: db)
                }.ticket
            }
            await expectError(.invalidInput, field: "custom_fields.unknown") {
                _ = try await change(["unknown": .string("x")])
            }
            await expectError(.invalidInput, field: "custom_fields.plan") {
                _ = try await change(["plan": .string("gold")])
            }
            await expectError(.invalidInput, field: "custom_fields.plan") { _ = try await change(["plan": .number(1)]) }
            await expectError(.invalidInput, field: "custom_fields.seats") {
                _ = try await change(["seats": .string("ten")])
            }
            await expectError(.invalidInput, field: "custom_fields.renewal") {
                _ = try await change(["renewal": .string("2026-02-30")])
            }
            // Nothing of a rejected change was stored, not even its valid parts.
            await expectError(.invalidInput, field: "custom_fields.plan") {
                _ = try await change(["seats": .number(3), "plan": .string("gold")])
            }
            let unchanged = try await database.read { db in
                try await TicketRepository().get(accountID: accountID, id: ticketID, on: db)
            }
            #expect(unchanged?.customFields == ["legacy": .number(1)])
            // Solving without the required field is refused with a message naming it.
            do {
                _ = try await change([:], status: .solved)
                Issue.record("solving without the required field was accepted")
            } catch let error as SwitchboardError {
                #expect(error.code == .invalidInput && error.field == "custom_fields.plan")
                #expect(error.message.contains("'Plan'"))
            }
            let valid = try await change(
                ["plan": .string("pro"), "seats": .number(12), "renewal": .string("2027-01-31"), "legacy": .null])
            #expect(valid.customFields == [
                "plan": .string("pro"), "seats": .number(12), "renewal": .string("2027-01-31"),
            ])
            // Solving by a reply is checked the same way (a second ticket, with the field still empty).
            let second = try await fixture.ticket(database, subject: "Second", email: "second@example.org")
            await expectError(.invalidInput, field: "custom_fields.plan") {
                _ = try await database.write { db in
                    try await TicketOperations().addMessage(
                        accountID: accountID, ticketID: second.ticket.id,
                        NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                                   text: "Done", statusAfterReply: .solved),
                        actor: fixture.agentActor, on: db)
                }
            }
            // New tickets are checked too.
            await expectError(.invalidInput, field: "custom_fields.plan") {
                _ = try await database.write { db in
                    try await TicketOperations().create(NewTicket(
                        accountID: accountID, subject: "Third", body: "x", channel: .email,
                        requester: RequesterDetails(name: "T", email: "third@example.org"),
                        customFields: ["plan": .string("gold")], actor: fixture.agentActor), on: db)
                }
            }
            let solved = try await change([:], status: .solved)
            #expect(solved.status == .solved)
        }
    }

    @Test("the rules: keys, calendar days, required checkbox")
    func rules() throws {
        #expect(throws: SwitchboardError.self) { try CustomFieldRules.key("9lives") }
        #expect(try CustomFieldRules.key(" order_id ") == "order_id")
        #expect(CustomFieldRules.isCalendarDay("2024-02-29"))
        #expect(!CustomFieldRules.isCalendarDay("2023-02-29"))
        #expect(!CustomFieldRules.isCalendarDay("2023-2-01"))
        #expect(!CustomFieldRules.isCalendarDay("２０２３-02-01"))
        let now = Date()
        let terms = CustomFieldDefinition(
            id: 1, accountID: 1, key: "terms", label: "Terms", type: .checkbox, requiredOnSolve: true, createdAt: now,
            updatedAt: now)
        #expect(CustomFieldRules.missingForSolve(["terms": .bool(false)], definitions: [terms]).count == 1)
        #expect(CustomFieldRules.missingForSolve(["terms": .bool(true)], definitions: [terms]).isEmpty)
    }
}
