import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Macros API")
struct MacroAPITests {
    static func macros(_ api: TestAPI, as caller: TestUser) async throws -> [MacroWire] {
        try await api.send(.get, "/api/v1/macros", as: caller).decode(ListWire<MacroWire>.self).items
    }

    @Test("admins manage shared macros, agents their personal ones; bad input is a 4xx and changes nothing",
          arguments: TestBackend.all)
    func manage(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let shared = try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Refund sent", "body": "Hi {{customer.first_name}}, #{{ticket.number}} is refunded.",
                 "visibility": "everyone", "actions": {"status": "pending", "add_tags": ["Refund"]}}
                """)
            #expect(shared.status == .created, "\(shared.text)")
            let refund = try shared.decode(MacroWire.self)
            #expect(refund.actions.addTags == ["refund"])
            #expect(refund.actions.status == "pending")
            #expect(shared.text.contains("\"priority\":null"))
            let personal = try await api.send(.post, "/api/v1/macros", as: tenant.agent, json: """
                {"name": "My sign-off", "body": "Cheers, {{agent.first_name}}"}
                """)
            #expect(personal.status == .created, "\(personal.text)")
            let mine = try personal.decode(MacroWire.self)
            #expect(mine.visibility == "personal")
            #expect(mine.ownerID == tenant.agent.user.id)

            // Refused: each is a clear 4xx and nothing is stored.
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.agent, json: """
                {"name": "Shared by agent", "body": "x", "visibility": "everyone"}
                """), .forbidden, code: "forbidden")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Bad", "body": "Hello {{customer.shoe_size}}", "visibility": "everyone"}
                """), .badRequest, code: "invalid_input", field: "body")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "refund SENT", "body": "x", "visibility": "everyone"}
                """), .conflict, code: "conflict", field: "name")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Status", "body": "x", "visibility": "everyone", "actions": {"status": "exploded"}}
                """), .badRequest, code: "invalid_input", field: "actions.status")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Team", "body": "x", "visibility": "team", "team_id": \(world.b.team.id)}
                """), .badRequest, code: "invalid_input", field: "team_id")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Assignee", "body": "x", "visibility": "everyone", "actions": {"assignee_id": \(world.b.agent.user.id)}}
                """), .badRequest, code: "invalid_input", field: "actions.assignee_id")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: #"{"name": "x", "body": 5}"#),
                        .badRequest, code: "invalid_input", field: "body")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: #"{"name": "x", "#),
                        .badRequest, code: "invalid_input")
            let huge = String(repeating: "a", count: MacroTemplate.maxBodyBytes + 1)
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Huge", "body": "\(huge)", "visibility": "everyone"}
                """), .badRequest, code: "invalid_input", field: "body")
            expectError(try await api.send(.post, "/api/v1/macros", as: tenant.light, json: #"{"name": "x", "body": "y"}"#),
                        .forbidden, code: "forbidden")

            #expect(try await Self.macros(api, as: tenant.agent).map(\.id) == [mine.id, refund.id])
            #expect(try await Self.macros(api, as: tenant.admin).map(\.id) == [refund.id])
            #expect(try await Self.macros(api, as: world.b.admin).isEmpty)
            expectError(try await api.send(.get, "/api/v1/macros/\(mine.id)", as: tenant.admin), .notFound, code: "not_found")
            expectError(try await api.send(.get, "/api/v1/macros/\(refund.id)", as: world.b.admin), .notFound, code: "not_found")

            expectError(try await api.send(.patch, "/api/v1/macros/\(refund.id)", as: tenant.agent, json: #"{"name": "Mine now"}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.patch, "/api/v1/macros/\(mine.id)", as: tenant.agent, json: #"{"visibility": "everyone"}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.patch, "/api/v1/macros/\(refund.id)", as: tenant.admin, json: #"{"body": "{{nope}}"}"#),
                        .badRequest, code: "invalid_input", field: "body")
            let renamed = try await api.send(.patch, "/api/v1/macros/\(refund.id)", as: tenant.admin,
                                             json: #"{"name": "Refund done", "actions": {"status": "solved"}}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(try renamed.decode(MacroWire.self).actions.status == "solved")
            #expect(try renamed.decode(MacroWire.self).body == refund.body)

            expectError(try await api.send(.delete, "/api/v1/macros/\(refund.id)", as: tenant.agent), .forbidden, code: "forbidden")
            #expect(try await api.send(.delete, "/api/v1/macros/\(mine.id)", as: tenant.agent).status == .noContent)
            #expect(try await Self.macros(api, as: tenant.agent).map(\.name) == ["Refund done"])
        }
    }

    @Test("preview renders placeholders as text; apply sends the reply and changes fields in one request",
          arguments: TestBackend.all)
    func previewAndApply(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let ticket = try await TicketTests.create(api, as: tenant.agent, json: #"""
                {"subject": "Broken <b>printer</b>", "requester": {"email": "ann@customer.example",
                 "name": "Ann <script>x</script> Lee"}, "message": {"body": "Help!"}}
                """#)
            let macro = try await api.send(.post, "/api/v1/macros", as: tenant.admin, json: """
                {"name": "Waiting", "body": "Hi {{customer.first_name}}, about #{{ticket.number}} ({{ticket.subject}}). {{agent.name}}",
                 "visibility": "everyone",
                 "actions": {"status": "pending", "priority": "high", "add_tags": ["waiting"], "team_id": \(tenant.team.id)}}
                """).decode(MacroWire.self)

            let preview = try await api.send(
                .post, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)/preview", as: tenant.agent)
            #expect(preview.status == .ok, "\(preview.text)")
            let rendered = try preview.decode(MacroPreviewWire.self)
            #expect(rendered.body == "Hi Ann, about #\(ticket.number) (Broken <b>printer</b>). agent a")
            #expect(rendered.changes.priority == "high")
            expectError(try await api.send(.post, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)/preview", as: world.b.agent),
                        .notFound, code: "not_found")
            expectError(try await api.send(.post, "/api/v1/tickets/\(ticket.id)/macros/abc/preview", as: tenant.agent),
                        .badRequest, code: "invalid_input", field: "macro_id")

            // A light agent may not apply field changes; nothing happens.
            expectError(try await api.send(.post, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)/apply", as: tenant.light,
                                           json: #"{"body": "note", "kind": "note"}"#), .forbidden, code: "forbidden")
            expectError(try await api.send(.post, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)/apply", as: tenant.agent,
                                           json: #"{"body": "x", "kind": "fax"}"#), .badRequest, code: "invalid_input", field: "kind")
            let untouched = try await api.send(.get, "/api/v1/tickets/\(ticket.id)", as: tenant.agent)
                .decode(TicketsController.ShowResponse.self)
            #expect(untouched.messages.count == 1)
            #expect(untouched.ticket.priority == "normal")

            let applied = try await api.send(
                .post, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)/apply", as: tenant.agent,
                json: #"{"body": \#(Bodies.quote(rendered.body + "\nEdited."))}"#)
            #expect(applied.status == .ok, "\(applied.text)")
            let result = try applied.decode(MacroApplyWire.self)
            #expect(result.ticket.status == "pending")
            #expect(result.ticket.priority == "high")
            #expect(result.ticket.tags == ["waiting"])
            #expect(result.ticket.teamID == tenant.team.id)
            #expect(result.message?.kind == "outbound")
            #expect(result.message?.text.hasSuffix("Edited.") == true)
            let events = try await api.send(.get, "/api/v1/tickets/\(ticket.id)/events", as: tenant.agent)
                .decode(ListWire<EventWire>.self).items
            #expect(events.filter { $0.type == "message.created" }.count == 2)
            #expect(events.contains { $0.type == "ticket.updated" })
        }
    }
}
