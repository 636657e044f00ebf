import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import SwitchboardServer

@Suite("Bad input never writes and never answers 5xx")
struct BadInputTests {
    struct Case {
        var method: HTTPRequest.Method
        var path: String
        /// Bodies that must be refused with 400, each with the field the error must name (nil: any).
        var bodies: [(json: String, field: String?)]
    }

    static let long = String(repeating: "x", count: 1000)
    static let veryLong = String(repeating: "y", count: 70_000)

    static func cases(_ world: TestWorld, ticketID: Int64, contactID: Int64) -> [Case] {
        let a = world.a
        return [
            Case(method: .post, path: "/api/v1/tickets", bodies: [
                (#"{"subject": 5, "requester": {"email": "a@b.example"}, "message": {"body": "x"}}"#, "subject"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}}"#, "message"),
                (#"{"subject": "s", "requester": {"email": "nope"}, "message": {"body": "x"}}"#, "requester.email"),
                (#"{"subject": "s", "requester": {}, "message": {"body": "x"}}"#, "requester"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "priority": "asap"}"#, "priority"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "type": "bug"}"#, "type"),
                (#"{"subject": "\#(long)\#(long)", "requester": {"email": "a@b.example"}, "message": {"body": "x"}}"#, "subject"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "   "}}"#, "message.body"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "tags": "vip"}"#, "tags"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "tags": ["no spaces"]}"#, "tags"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "custom_fields": {"k": [1]}}"#, "custom_fields.k"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "custom_fields": {"Bad Key": 1}}"#, nil),
                (#"{"subject": "s", "requester_id": -4, "message": {"body": "x"}}"#, "requester_id"),
                (#"{"subject": "s", "requester_id": 99999999, "message": {"body": "x"}}"#, nil),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "inbox_id": "1"}"#, "inbox_id"),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "assignee_id": 1.5}"#, nil),
                (#"{"subject": "s", "requester": {"email": "a@b.example"}, "message": {"body": "x"}, "team_id": 99999999999999999999}"#, nil),
            ]),
            Case(method: .patch, path: "/api/v1/tickets/\(ticketID)", bodies: [
                (#"{"status": "done"}"#, "status"), (#"{"status": "Open"}"#, "status"), (#"{"priority": 1}"#, "priority"),
                (#"{"subject": ""}"#, "subject"), (#"{"assignee_id": "me"}"#, "assignee_id"),
                (#"{"tags": [1]}"#, "tags[0]"), (#"{"custom_fields": []}"#, "custom_fields"),
                (#"{"subject": "\#(long)\#(long)"}"#, "subject"),
            ]),
            Case(method: .post, path: "/api/v1/tickets/\(ticketID)/replies", bodies: [
                (#"{}"#, "body"), (#"{"body": ""}"#, "body"), (#"{"body": "x", "status": "later"}"#, "status"),
                (#"{"body": ["x"]}"#, "body"),
            ]),
            Case(method: .post, path: "/api/v1/tickets/\(ticketID)/notes", bodies: [
                (#"{"body": null}"#, "body"), (#"{"body": 3}"#, "body"),
            ]),
            Case(method: .post, path: "/api/v1/tickets/\(ticketID)/merge", bodies: [
                (#"{}"#, "target_id"), (#"{"target_id": "2"}"#, "target_id"), (#"{"target_id": 0}"#, "target_id"),
            ]),
            Case(method: .post, path: "/api/v1/contacts", bodies: [
                (#"{"email": "x@y.example"}"#, "name"), (#"{"name": "\#(long)"}"#, "name"),
                (#"{"name": "n", "email": "bad"}"#, "email"), (#"{"name": "n", "phone": "call me"}"#, "phone"),
                (#"{"name": "n", "notes": "\#(veryLong)"}"#, "notes"),
            ]),
            Case(method: .patch, path: "/api/v1/contacts/\(contactID)", bodies: [
                (#"{"name": ""}"#, "name"), (#"{"organization_id": "x"}"#, "organization_id"),
            ]),
            Case(method: .post, path: "/api/v1/contacts/\(contactID)/merge", bodies: [
                (#"{"source_id": \#(contactID)}"#, "source_id"), (#"{"source_id": true}"#, "source_id"),
            ]),
            Case(method: .post, path: "/api/v1/organizations", bodies: [
                (#"{}"#, "name"), (#"{"name": "o", "domains": "x.example"}"#, "domains"),
                (#"{"name": "o", "tier": "\#(long)"}"#, "tier"),
            ]),
            Case(method: .patch, path: "/api/v1/organizations/\(a.organization.id)", bodies: [(#"{"name": 1}"#, "name")]),
            Case(method: .post, path: "/api/v1/inboxes", bodies: [
                (#"{"name": "i", "channel": "fax"}"#, "channel"), (#"{"name": "i"}"#, "channel"),
                (#"{"name": "i", "channel": "email", "email_address": "nope"}"#, "email_address"),
            ]),
            Case(method: .patch, path: "/api/v1/inboxes/\(a.inbox.id)", bodies: [
                (#"{"web_form_enabled": "yes"}"#, "web_form_enabled"),
            ]),
            Case(method: .post, path: "/api/v1/users", bodies: [
                (#"{"email": "u@a.example", "name": "u", "role": "god"}"#, "role"),
                (#"{"email": "u@a.example", "name": "u", "role": "agent", "password": "short"}"#, "password"),
                (#"{"email": "u", "name": "u", "role": "agent"}"#, "email"),
            ]),
            Case(method: .patch, path: "/api/v1/users/\(a.agent.user.id)", bodies: [
                (#"{"role": "superuser"}"#, "role"), (#"{"is_active": 0}"#, "is_active"),
            ]),
            Case(method: .post, path: "/api/v1/teams", bodies: [
                (#"{"name": "t", "member_ids": [0]}"#, "member_ids[0]"), (#"{"name": "t", "member_ids": ["1"]}"#, "member_ids[0]"),
            ]),
            Case(method: .patch, path: "/api/v1/teams/\(a.team.id)", bodies: [(#"{"member_ids": {}}"#, "member_ids")]),
            Case(method: .post, path: "/api/v1/tokens", bodies: [(#"{}"#, "name"), (#"{"name": "\#(long)"}"#, "name")]),
            Case(method: .post, path: "/api/v1/auth/login", bodies: [(#"{"email": 1, "password": "x"}"#, "email")]),
        ]
    }

    @Test(arguments: TestBackend.all)
    func everyBodyEndpointRefusesBadInputAndWritesNothing(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let owner = world.a.owner
            let ticket = try await TicketTests.create(api, as: owner)
            let beforeA = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            let beforeB = try await AccountSnapshot.take(world.b.account.id, database: world.database)
            for item in Self.cases(world, ticketID: ticket.id, contactID: ticket.requesterID) {
                let generic: [(String, String?)] = [
                    (#"{"subject": "#, nil), ("[1, 2]", nil), ("null", nil), ("\"text\"", nil), ("{,}", nil),
                ]
                for (json, field) in generic + item.bodies {
                    let response = try await api.send(item.method, item.path, as: owner, json: json)
                    #expect(response.status == .badRequest, "\(item.method) \(item.path) \(json.prefix(80)): \(response.text)")
                    expectError(response, .badRequest, code: "invalid_input", field: field)
                }
                let empty = try await api.send(item.method, item.path, as: owner, json: "")
                expectError(empty, .badRequest, code: "invalid_input")
                let form = try await api.send(
                    item.method, item.path, as: owner, json: "subject=x", headers: [.contentType: "text/plain"])
                expectError(form, .unsupportedMediaType, code: "invalid_input")
            }
            #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == beforeA)
            #expect(try await AccountSnapshot.take(world.b.account.id, database: world.database) == beforeB)
        }
    }

    @Test(arguments: TestBackend.all)
    func invalidPathIDsAre400(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let owner = world.a.owner
            let before = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            for resource in ["tickets", "contacts", "organizations", "inboxes", "users", "teams"] {
                for id in ["abc", "-1", "0", "1.5", "99999999999999999999", "%20", "1e3"] {
                    let response = try await api.send(.get, "/api/v1/\(resource)/\(id)", as: owner)
                    expectError(response, .badRequest, code: "invalid_input", field: "id")
                    let patch = try await api.send(.patch, "/api/v1/\(resource)/\(id)", as: owner, json: #"{"name": "x"}"#)
                    expectError(patch, .badRequest, code: "invalid_input", field: "id")
                }
            }
            for path in ["tickets/x/replies", "tickets/x/notes", "tickets/x/merge", "contacts/x/merge"] {
                expectError(try await api.send(.post, "/api/v1/\(path)", as: owner, json: #"{"body": "b"}"#),
                            .badRequest, code: "invalid_input", field: "id")
            }
            expectError(try await api.send(.get, "/api/v1/tickets/x/events", as: owner), .badRequest, code: "invalid_input")
            expectError(try await api.send(.delete, "/api/v1/tokens/x", as: owner), .badRequest, code: "invalid_input")
            for missing in ["tickets", "contacts", "organizations", "inboxes", "users", "teams"] {
                expectError(try await api.send(.get, "/api/v1/\(missing)/987654321", as: owner), .notFound, code: "not_found")
            }
            #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == before)
        }
    }

    @Test(arguments: TestBackend.all)
    func oversizedBodiesAre413(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: { $0.maxBodyBytes = 4096 }) { api, world in
            let before = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            let big = Bodies.ticket(body: String(repeating: "z", count: 5000))
            let response = try await api.send(.post, "/api/v1/tickets", as: world.a.agent, json: big)
            expectError(response, .contentTooLarge, code: "too_large")
            let form = try await api.send(
                .post, "/forms/\(world.a.inbox.id)", json: "message=" + String(repeating: "z", count: 5000),
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .contentTooLarge)
            #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == before)
            let small = try await api.send(.post, "/api/v1/tickets", as: world.a.agent, json: Bodies.ticket())
            #expect(small.status == .created)
        }
    }

    @Test(arguments: TestBackend.all)
    func missingAuthIsRefusedOnEveryAPIRoute(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let before = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            for route in try await RouteCoverage.authenticatedRoutes() {
                let path = route.path.replacingOccurrences(of: "{id}", with: "1")
                let response = try await api.send(route.method, path, json: "{}")
                expectError(response, .unauthorized, code: "unauthenticated")
            }
            #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == before)
        }
    }
}
