import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import Testing
@testable import SwitchboardServer

@Suite("Custom fields and invitations API")
struct CustomFieldsAPITests {
    @Test("admins define fields; bad, duplicate and unauthorised requests are refused and change nothing",
          arguments: TestBackend.all)
    func definitions(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let admin = world.a.admin
            let created = try await api.send(.post, "/api/v1/custom-fields", as: admin, json: """
                {"key": "plan", "label": "Plan", "type": "dropdown", "options": ["free", "pro"],
                 "required_on_solve": true}
                """)
            #expect(created.status == .created, "\(created.text)")
            let plan = try created.decode(CustomFieldWire.self)
            #expect(plan.key == "plan" && plan.type == .dropdown && plan.options == ["free", "pro"] && plan.active)

            let forbidden = try await api.send(.post, "/api/v1/custom-fields", as: world.a.agent, json: """
                {"key": "x", "label": "X", "type": "text"}
                """)
            expectError(forbidden, .forbidden, code: "forbidden")
            let duplicate = try await api.send(.post, "/api/v1/custom-fields", as: admin, json: """
                {"key": "plan", "label": "Again", "type": "text"}
                """)
            expectError(duplicate, .conflict, code: "conflict", field: "key")
            let cases: [(String, String?)] = [
                (#"{"key": "x", "label": "X", "type": "colour"}"#, "type"),
                (#"{"key": "Bad Key", "label": "X", "type": "text"}"#, "key"),
                (#"{"key": "x", "label": "", "type": "text"}"#, "label"),
                (#"{"key": "x", "label": "X", "type": "dropdown"}"#, "options"),
                (#"{"key": "x", "label": "X", "type": "dropdown", "options": ["a", "a"]}"#, "options[1]"),
                (#"{"key": "x", "label": "X", "type": "text", "options": ["a"]}"#, "options"),
                (#"{"key": "x", "label": "X"}"#, "type"),
                (#"{"key": 7, "label": "X", "type": "text"}"#, "key"),
                (#"{"key": "x", "label": "X", "type": "text", "position": -1}"#, "position"),
                (#"{"key": "x""#, nil),
            ]
            for (body, field) in cases {
                let response = try await api.send(.post, "/api/v1/custom-fields", as: admin, json: body)
                expectError(response, .badRequest, code: "invalid_input", field: field)
            }
            let tooLong = String(repeating: "a", count: 300)
            let oversized = try await api.send(.post, "/api/v1/custom-fields", as: admin, json: """
                {"key": "x", "label": "X", "type": "dropdown", "options": ["\(tooLong)"]}
                """)
            expectError(oversized, .badRequest, code: "invalid_input", field: "options[0]")
            let listed = try await api.send(.get, "/api/v1/custom-fields", as: world.a.agent)
                .decode(ListWire<CustomFieldWire>.self)
            #expect(listed.items.map(\.key) == ["plan"])
            // Tenant B sees none of A's fields and cannot change or delete them.
            let otherList = try await api.send(.get, "/api/v1/custom-fields", as: world.b.admin)
                .decode(ListWire<CustomFieldWire>.self)
            #expect(otherList.items.isEmpty)
            let foreign = try await api.send(
                .patch, "/api/v1/custom-fields/\(plan.id)", as: world.b.admin, json: #"{"label": "Mine"}"#)
            expectError(foreign, .notFound, code: "not_found")
            let foreignDelete = try await api.send(.delete, "/api/v1/custom-fields/\(plan.id)", as: world.b.admin)
            expectError(foreignDelete, .notFound, code: "not_found")

            let patched = try await api.send(
                .patch, "/api/v1/custom-fields/\(plan.id)", as: admin,
                json: #"{"label": "Plan tier", "options": ["free", "pro", "enterprise"]}"#)
            #expect(try patched.decode(CustomFieldWire.self).options.count == 3, "\(patched.text)")
            let badPatch = try await api.send(
                .patch, "/api/v1/custom-fields/\(plan.id)", as: admin, json: #"{"options": []}"#)
            expectError(badPatch, .badRequest, code: "invalid_input", field: "options")
            let badID = try await api.send(.patch, "/api/v1/custom-fields/abc", as: admin, json: #"{"label": "X"}"#)
            expectError(badID, .badRequest, code: "invalid_input", field: "id")
            let agentDelete = try await api.send(.delete, "/api/v1/custom-fields/\(plan.id)", as: world.a.agent)
            expectError(agentDelete, .forbidden, code: "forbidden")
            let deleted = try await api.send(.delete, "/api/v1/custom-fields/\(plan.id)", as: admin)
            #expect(deleted.status == .noContent)
        }
    }

    @Test("ticket updates are validated against the definitions; required fields block solving",
          arguments: TestBackend.all)
    func ticketValues(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            _ = try await api.send(.post, "/api/v1/custom-fields", as: tenant.admin, json: """
                {"key": "plan", "label": "Plan", "type": "dropdown", "options": ["free", "pro"],
                 "required_on_solve": true}
                """)
            _ = try await api.send(.post, "/api/v1/custom-fields", as: tenant.admin, json: """
                {"key": "seats", "label": "Seats", "type": "number"}
                """)
            let ticket = try await TicketTests.create(api, as: tenant.agent)
            let path = "/api/v1/tickets/\(ticket.id)"
            let rejected: [(String, String)] = [
                (#"{"custom_fields": {"plan": "gold"}}"#, "custom_fields.plan"),
                (#"{"custom_fields": {"plan": 3}}"#, "custom_fields.plan"),
                (#"{"custom_fields": {"seats": "many"}}"#, "custom_fields.seats"),
                (#"{"custom_fields": {"nope": "x"}}"#, "custom_fields.nope"),
                (#"{"priority": "high", "custom_fields": {"seats": 2, "plan": "gold"}}"#, "custom_fields.plan"),
            ]
            for (body, field) in rejected {
                let response = try await api.send(.patch, path, as: tenant.agent, json: body)
                expectError(response, .badRequest, code: "invalid_input", field: field)
            }
            let unchanged = try await api.send(.get, path, as: tenant.agent).text
            #expect(!unchanged.contains("\"seats\"") && !unchanged.contains("\"high\""))
            let solve = try await api.send(.patch, path, as: tenant.agent, json: #"{"status": "solved"}"#)
            expectError(solve, .badRequest, code: "invalid_input", field: "custom_fields.plan")
            #expect(solve.text.contains("Plan"))
            let set = try await api.send(
                .patch, path, as: tenant.agent, json: #"{"custom_fields": {"plan": "pro", "seats": 4}}"#)
            #expect(set.status == .ok, "\(set.text)")
            #expect(try set.decode(TicketWire.self).customFields == ["plan": .string("pro"), "seats": .number(4)])
            let solved = try await api.send(.patch, path, as: tenant.agent, json: #"{"status": "solved"}"#)
            #expect(try solved.decode(TicketWire.self).status == "solved", "\(solved.text)")
        }
    }

    @Test("invitations: admin only, link shown without SMTP, duplicates and bad input refused",
          arguments: TestBackend.all)
    func invitations(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let response = try await api.send(.post, "/api/v1/invitations", as: world.a.admin, json: """
                {"email": "Newbie@Example.com", "name": "Nina Newbie", "role": "agent"}
                """)
            #expect(response.status == .created, "\(response.text)")
            let body = try response.decode(InvitationsController.InvitationWire.self)
            #expect(body.user.email == "newbie@example.com" && body.emailed == false)
            #expect(body.setPasswordURL?.contains("/set-password?token=sbi_") == true)
            let agent = try await api.send(.post, "/api/v1/invitations", as: world.a.agent, json: """
                {"email": "x@example.com", "name": "X"}
                """)
            expectError(agent, .forbidden, code: "forbidden")
            let duplicate = try await api.send(.post, "/api/v1/invitations", as: world.a.admin, json: """
                {"email": "newbie@example.com", "name": "Again"}
                """)
            expectError(duplicate, .conflict, code: "conflict", field: "email")
            let owner = try await api.send(.post, "/api/v1/invitations", as: world.a.admin, json: """
                {"email": "boss@example.com", "name": "Boss", "role": "owner"}
                """)
            expectError(owner, .forbidden, code: "forbidden")
            for (json, field) in [
                (#"{"email": "not-an-email", "name": "X"}"#, "email"), (#"{"email": "a@b.example"}"#, "name"),
                (#"{"email": "a@b.example", "name": "X", "role": "god"}"#, "role"),
            ] {
                expectError(try await api.send(.post, "/api/v1/invitations", as: world.a.admin, json: json),
                            .badRequest, code: "invalid_input", field: field)
            }
            let users = try await api.send(.get, "/api/v1/users", as: world.a.admin).text
            #expect(!users.contains("boss@example.com") && !users.contains("not-an-email"))
        }
    }
}
