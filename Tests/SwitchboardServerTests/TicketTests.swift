import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import Testing
@testable import SwitchboardServer

@Suite("Tickets API")
struct TicketTests {
    struct Show: Decodable {
        var ticket: TicketWire
        var requester: ContactWire?
        var messages: [MessageWire]
    }

    struct Merged: Decodable {
        var target: TicketWire
        var source: TicketWire
    }

    struct Hit: Codable {
        var ticket: TicketWire
        var snippet: String
        var rank: Double
    }

    static func create(_ api: TestAPI, as caller: TestUser, json: String = Bodies.ticket()) async throws -> TicketWire {
        let response = try await api.send(.post, "/api/v1/tickets", as: caller, json: json)
        #expect(response.status == .created, "\(response.text)")
        return try response.decode(TicketWire.self)
    }

    @Test(arguments: TestBackend.all)
    func createWithTheMinimalBody(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let ticket = try await Self.create(api, as: world.a.agent)
            #expect(ticket.id > 0)
            #expect(ticket.number > 0)
            #expect(ticket.subject == "Printer on fire")
            #expect(ticket.status == "new")
            #expect(ticket.priority == "normal")
            #expect(ticket.channel == "api")
            #expect(ticket.accountID == world.a.account.id)
            // The same requester email finds the same contact.
            let second = try await Self.create(api, as: world.a.agent, json: Bodies.ticket(email: "ANN@customer.example"))
            #expect(second.requesterID == ticket.requesterID)
            #expect(second.number == ticket.number + 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func createWithEveryOptionalField(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let json = """
                {"subject": "Full", "requester": {"phone": "+44 20 7946 0000", "name": "Bob"},
                 "message": {"body": "text", "html": "<p onclick='x()'>hi<script>alert(1)</script></p>"},
                 "priority": "urgent", "type": "incident", "tags": ["VIP", "billing"],
                 "custom_fields": {"order_id": "A-17", "amount": 12.5, "gift": true},
                 "inbox_id": \(tenant.inbox.id), "assignee_id": \(tenant.agent.user.id), "team_id": \(tenant.team.id)}
                """
            let ticket = try await Self.create(api, as: tenant.admin, json: json)
            #expect(ticket.priority == "urgent")
            #expect(ticket.type == "incident")
            #expect(ticket.tags == ["billing", "vip"])
            #expect(ticket.customFields["order_id"] == .string("A-17"))
            #expect(ticket.customFields["amount"] == .number(12.5))
            #expect(ticket.customFields["gift"] == .bool(true))
            #expect(ticket.inboxID == tenant.inbox.id)
            #expect(ticket.assigneeID == tenant.agent.user.id)
            #expect(ticket.teamID == tenant.team.id)
            let show = try await api.send(.get, "/api/v1/tickets/\(ticket.id)", as: tenant.agent).decode(Show.self)
            let html = try #require(show.messages.first?.html)
            #expect(!html.contains("script"))
            #expect(!html.contains("onclick"))
            #expect(show.requester?.identities.contains { $0.kind == "phone" && $0.value == "+442079460000" } == true)
            // By existing contact id.
            let byID = try await Self.create(api, as: tenant.agent, json: """
                {"subject": "Again", "requester_id": \(ticket.requesterID), "message": {"body": "more"}}
                """)
            #expect(byID.requesterID == ticket.requesterID)
        }
    }

    @Test(arguments: TestBackend.all)
    func showRepliesNotesAndLifecycle(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let ticket = try await Self.create(api, as: tenant.agent)
            let reply = try await api.send(
                .post, "/api/v1/tickets/\(ticket.id)/replies", as: tenant.agent,
                json: #"{"body": "We are on it", "status": "pending"}"#)
            #expect(reply.status == .created, "\(reply.text)")
            let message = try reply.decode(MessageWire.self)
            #expect(message.kind == "outbound")
            #expect(message.authorID == tenant.agent.user.id)
            #expect(message.channel == "email")

            let lightReply = try await api.send(
                .post, "/api/v1/tickets/\(ticket.id)/replies", as: tenant.light, json: #"{"body": "hello"}"#)
            expectError(lightReply, .forbidden, code: "forbidden")
            let note = try await api.send(
                .post, "/api/v1/tickets/\(ticket.id)/notes", as: tenant.light, json: #"{"body": "internal"}"#)
            #expect(note.status == .created)
            #expect(try note.decode(MessageWire.self).kind == "note")

            let show = try await api.send(.get, "/api/v1/tickets/\(ticket.id)", as: tenant.light)
            #expect(show.status == .ok)
            let detail = try show.decode(Show.self)
            #expect(detail.ticket.status == "pending")
            #expect(detail.ticket.firstResponseAt != nil)
            #expect(detail.messages.map(\.kind) == ["inbound", "outbound", "note"])
            #expect(detail.requester?.id == ticket.requesterID)

            let solved = try await api.send(
                .patch, "/api/v1/tickets/\(ticket.id)", as: tenant.agent, json: #"{"status": "closed"}"#)
            #expect(try solved.decode(TicketWire.self).status == "closed")
            let reopen = try await api.send(
                .patch, "/api/v1/tickets/\(ticket.id)", as: tenant.agent, json: #"{"status": "open"}"#)
            expectError(reopen, .conflict, code: "invalid_transition")
            let replyToClosed = try await api.send(
                .post, "/api/v1/tickets/\(ticket.id)/replies", as: tenant.agent, json: #"{"body": "late"}"#)
            expectError(replyToClosed, .conflict, code: "invalid_transition")
        }
    }

    @Test(arguments: TestBackend.all)
    func updateEveryField(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let ticket = try await Self.create(api, as: tenant.agent, json: """
                {"subject": "s", "requester": {"email": "c@x.example"}, "message": {"body": "b"},
                 "tags": ["one", "two"], "custom_fields": {"keep": 1, "drop": "x"}}
                """)
            let response = try await api.send(.patch, "/api/v1/tickets/\(ticket.id)", as: tenant.agent, json: """
                {"subject": "New subject", "status": "open", "priority": "high", "type": "question",
                 "assignee_id": \(tenant.agent.user.id), "team_id": \(tenant.team.id),
                 "add_tags": ["three"], "remove_tags": ["one"], "custom_fields": {"drop": null, "new": "y"}}
                """)
            #expect(response.status == .ok, "\(response.text)")
            let updated = try response.decode(TicketWire.self)
            #expect(updated.subject == "New subject")
            #expect(updated.status == "open")
            #expect(updated.priority == "high")
            #expect(updated.type == "question")
            #expect(updated.assigneeID == tenant.agent.user.id)
            #expect(updated.teamID == tenant.team.id)
            #expect(updated.tags == ["three", "two"])
            #expect(updated.customFields == ["keep": .number(1), "new": .string("y")])

            let cleared = try await api.send(.patch, "/api/v1/tickets/\(ticket.id)", as: tenant.agent, json: """
                {"assignee_id": null, "team_id": null, "type": null, "tags": ["only"]}
                """).decode(TicketWire.self)
            #expect(cleared.assigneeID == nil)
            #expect(cleared.teamID == nil)
            #expect(cleared.type == nil)
            #expect(cleared.tags == ["only"])

            let lightAssignee = try await api.send(
                .patch, "/api/v1/tickets/\(ticket.id)", as: tenant.agent,
                json: #"{"assignee_id": \#(tenant.light.user.id)}"#)
            #expect(lightAssignee.status.code == 400 || lightAssignee.status.code == 409)
            let byLight = try await api.send(
                .patch, "/api/v1/tickets/\(ticket.id)", as: tenant.light, json: #"{"priority": "low"}"#)
            expectError(byLight, .forbidden, code: "forbidden")

            let events = try await api.send(.get, "/api/v1/tickets/\(ticket.id)/events", as: tenant.light)
            #expect(events.status == .ok)
            let items = try events.decode(ListWire<EventWire>.self).items
            #expect(items.first?.type == "ticket.created")
            #expect(items.contains { $0.type == "ticket.updated" && $0.actor.id == tenant.agent.user.id })
        }
    }

    @Test(arguments: TestBackend.all)
    func mergeMovesTheTimelineAndClosesTheSource(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let source = try await Self.create(api, as: tenant.agent, json: Bodies.ticket(subject: "dup", body: "first"))
            let target = try await Self.create(api, as: tenant.agent, json: Bodies.ticket(subject: "main", body: "second"))
            let response = try await api.send(
                .post, "/api/v1/tickets/\(source.id)/merge", as: tenant.agent, json: #"{"target_id": \#(target.id)}"#)
            #expect(response.status == .ok, "\(response.text)")
            let merged = try response.decode(Merged.self)
            #expect(merged.source.status == "closed")
            #expect(merged.source.mergedIntoID == target.id)
            let timeline = try await api.send(.get, "/api/v1/tickets/\(target.id)", as: tenant.agent).decode(Show.self)
            #expect(timeline.messages.map(\.text).contains("first"))
            #expect(timeline.messages.map(\.text).contains("second"))
            let self_ = try await api.send(
                .post, "/api/v1/tickets/\(target.id)/merge", as: tenant.agent, json: #"{"target_id": \#(target.id)}"#)
            expectError(self_, .badRequest, code: "invalid_input", field: "target_id")
            let again = try await api.send(
                .post, "/api/v1/tickets/\(source.id)/merge", as: tenant.agent, json: #"{"target_id": \#(target.id)}"#)
            expectError(again, .conflict, code: "invalid_transition")
        }
    }

    @Test(arguments: TestBackend.all)
    func listFiltersSortsAndPages(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let agent = tenant.agent
            var created: [TicketWire] = []
            let specs: [(String, String, [String])] = [
                ("low", "question", ["a"]), ("high", "incident", ["b"]), ("urgent", "incident", ["a", "b"]),
                ("normal", "task", []), ("high", "question", ["c"]),
            ]
            for (index, spec) in specs.enumerated() {
                created.append(try await Self.create(api, as: agent, json: """
                    {"subject": "T\(index)", "requester": {"email": "r\(index % 2)@list.example"},
                     "message": {"body": "b"}, "priority": "\(spec.0)", "type": "\(spec.1)",
                     "tags": [\(spec.2.map { "\"\($0)\"" }.joined(separator: ", "))]}
                    """))
            }
            _ = try await api.send(
                .patch, "/api/v1/tickets/\(created[1].id)", as: agent,
                json: #"{"status": "open", "assignee_id": \#(agent.user.id)}"#)
            _ = try await api.send(.patch, "/api/v1/tickets/\(created[2].id)", as: agent, json: #"{"status": "pending"}"#)

            func ids(_ query: String) async throws -> [Int64] {
                let response = try await api.send(.get, "/api/v1/tickets?\(query)", as: agent)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return try response.decode(ListWire<TicketWire>.self).items.map(\.id)
            }
            #expect(Set(try await ids("status=open,pending")) == [created[1].id, created[2].id])
            #expect(Set(try await ids("status=open&status=pending")) == [created[1].id, created[2].id])
            #expect(Set(try await ids("priority=high")) == [created[1].id, created[4].id])
            #expect(Set(try await ids("type=incident")) == [created[1].id, created[2].id])
            #expect(Set(try await ids("assignee_id=\(agent.user.id)")) == [created[1].id])
            #expect(Set(try await ids("assignee_id=none")) == Set(created.map(\.id)).subtracting([created[1].id]))
            #expect(Set(try await ids("tag=c")) == [created[4].id])
            #expect(Set(try await ids("requester_id=\(created[0].requesterID)"))
                == Set(created.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.id)))
            #expect(try await ids("created_after=2100-01-01T00:00:00Z").isEmpty)
            #expect(Set(try await ids("created_before=2100-01-01T00:00:00.000Z")) == Set(created.map(\.id)))
            #expect(try await ids("sort=created_at") == created.map(\.id))
            #expect(try await ids("sort=-created_at") == created.map(\.id).reversed())
            let byPriority = try await ids("sort=-priority")
            #expect(byPriority.first == created[2].id)
            #expect(byPriority.last == created[0].id)

            var seen: [Int64] = []
            var cursor: String?
            repeat {
                let query = "limit=2&sort=updated_at" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let page = try await api.send(.get, "/api/v1/tickets?\(query)", as: agent).decode(ListWire<TicketWire>.self)
                #expect(page.items.count <= 2)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == created.count)
            #expect(Set(seen) == Set(created.map(\.id)))

            for bad in ["status=nope", "priority=HIGH", "type=x", "assignee_id=abc", "limit=0", "limit=101",
                        "sort=subject", "created_after=yesterday", "cursor=%00", "cursor=bm9wZQ", "team_id=-1"] {
                let response = try await api.send(.get, "/api/v1/tickets?\(bad)", as: agent)
                #expect(response.status == .badRequest, "\(bad): \(response.text)")
                expectError(response, .badRequest, code: "invalid_input")
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func searchRanksAndHighlights(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let agent = world.a.agent
            let hit = try await Self.create(api, as: agent, json: Bodies.ticket(subject: "Invoice missing", body: "The invoice for March never arrived"))
            _ = try await Self.create(api, as: agent, json: Bodies.ticket(subject: "Password reset", body: "cannot log in"))
            let response = try await api.send(.get, "/api/v1/search?q=invoice", as: agent)
            #expect(response.status == .ok, "\(response.text)")
            let hits = try response.decode(ListWire<Hit>.self).items
            #expect(hits.map(\.ticket.id) == [hit.id])
            #expect(hits.first?.snippet.lowercased().contains("<mark>invoice</mark>") == true)
            let filtered = try await api.send(.get, "/api/v1/search?q=invoice&status=solved", as: agent)
            #expect(try filtered.decode(ListWire<Hit>.self).items.isEmpty)
            expectError(try await api.send(.get, "/api/v1/search", as: agent), .badRequest, code: "invalid_input", field: "q")
            // Other accounts' tickets never appear.
            #expect(try await api.send(.get, "/api/v1/search?q=invoice", as: world.b.agent)
                .decode(ListWire<Hit>.self).items.isEmpty)
        }
    }
}
