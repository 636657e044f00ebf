import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Macros: storage")
struct MacroRepositoryTests {
    @Test("create, get, list by visibility, update, delete; duplicates and bad input change nothing",
          arguments: TestDatabase.all)
    func lifecycle(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let other = try await Fixture.make(database, name: "Other")
            let accountID = fixture.account.id
            let repository = MacroRepository()
            let shared = try await database.write { db in
                try await repository.create(
                    accountID: accountID, ownerID: fixture.owner.id,
                    MacroDraft(
                        name: "Refund sent", body: "Hi {{customer.first_name}}, refund for #{{ticket.number}} sent.",
                        visibility: .everyone,
                        actions: MacroActions(status: .pending, priority: .high, addTags: ["Refund"])),
                    on: db)
            }
            #expect(shared.actions.addTags == ["refund"])
            let teamMacro = try await database.write { db in
                try await repository.create(
                    accountID: accountID, ownerID: fixture.owner.id,
                    MacroDraft(name: "Team hello", body: "Hello", visibility: .team, teamID: fixture.team.id), on: db)
            }
            let personal = try await database.write { db in
                try await repository.create(
                    accountID: accountID, ownerID: fixture.agent.id,
                    MacroDraft(name: "refund SENT", body: "{{agent.name}} here", visibility: .personal), on: db)
            }
            #expect(try await database.read { db in
                try await repository.get(accountID: accountID, id: shared.id, on: db)
            } == shared)
            #expect(try await database.read { db in
                try await repository.get(accountID: other.account.id, id: shared.id, on: db)
            } == nil)
            let ownersList = try await database.read { db in
                try await repository.list(accountID: accountID, userID: fixture.owner.id, on: db)
            }
            #expect(ownersList.map(\.id) == [shared.id, teamMacro.id])
            let agentsList = try await database.read { db in
                try await repository.list(accountID: accountID, userID: fixture.agent.id, on: db)
            }
            #expect(Set(agentsList.map(\.id)) == [shared.id, teamMacro.id, personal.id])
            #expect(teamMacro.isVisible(to: fixture.agent.id, teamIDs: [fixture.team.id]))
            #expect(!teamMacro.isVisible(to: fixture.owner.id, teamIDs: []))
            #expect(!personal.isVisible(to: fixture.owner.id, teamIDs: [fixture.team.id]))
            #expect(personal.isManageable(by: fixture.agent.id, role: .agent))
            #expect(!shared.isManageable(by: fixture.agent.id, role: .agent))

            await expectError(.conflict, field: "name") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: fixture.owner.id,
                        MacroDraft(name: "REFUND sent", body: "x", visibility: .everyone), on: db)
                }
            }
            await expectError(.invalidInput, field: "body") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: fixture.owner.id,
                        MacroDraft(name: "Bad", body: "Hi {{customer.shoe_size}}", visibility: .everyone), on: db)
                }
            }
            await expectError(.invalidInput, field: "team_id") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: fixture.owner.id,
                        MacroDraft(name: "Bad team", body: "x", visibility: .team, teamID: other.team.id), on: db)
                }
            }
            await expectError(.invalidInput, field: "actions.assignee_id") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: fixture.owner.id,
                        MacroDraft(name: "Bad assignee", body: "x", visibility: .everyone,
                                   actions: MacroActions(assigneeID: fixture.lightAgent.id)), on: db)
                }
            }
            await expectError(.invalidInput, field: "actions.remove_tags") {
                _ = try await database.write { db in
                    try await repository.create(
                        accountID: accountID, ownerID: fixture.owner.id,
                        MacroDraft(name: "Both", body: "x", visibility: .everyone,
                                   actions: MacroActions(addTags: ["a"], removeTags: ["A"])), on: db)
                }
            }
            #expect(try await database.read { db in
                try await repository.list(accountID: accountID, userID: fixture.agent.id, on: db)
            }.count == 3)

            var draft = MacroDraft(shared)
            draft.name = "Refund done"
            draft.actions.status = .solved
            let renamedDraft = draft
            let updated = try await database.write { db in
                try await repository.update(accountID: accountID, id: shared.id, renamedDraft, on: db)
            }
            #expect(updated.name == "Refund done")
            #expect(try await database.read { db in
                try await repository.get(accountID: accountID, id: shared.id, on: db)
            }?.actions.status == .solved)
            await expectError(.conflict, field: "name") {
                var clash = MacroDraft(teamMacro)
                clash.name = "refund done"
                let clashing = clash
                _ = try await database.write { db in
                    try await repository.update(accountID: accountID, id: teamMacro.id, clashing, on: db)
                }
            }
            #expect(try await database.write { db in
                try await repository.delete(accountID: other.account.id, id: shared.id, on: db)
            } == false)
            #expect(try await database.write { db in
                try await repository.delete(accountID: accountID, id: shared.id, on: db)
            })
            #expect(try await database.read { db in
                try await repository.get(accountID: accountID, id: shared.id, on: db)
            } == nil)
        }
    }
}
