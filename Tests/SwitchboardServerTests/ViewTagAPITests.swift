import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Saved views and tags API")
struct ViewTagAPITests {
    @Test("saved views: create, list, tickets through the list query, change, delete; bad input is a 4xx",
          arguments: TestBackend.all)
    func views(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let urgent = try await TicketTests.create(api, as: tenant.agent, json: """
                {"subject": "Down", "requester": {"email": "x@customer.example"}, "message": {"body": "All down"},
                 "priority": "urgent", "tags": ["outage", "vip"], "assignee_id": \(tenant.agent.user.id)}
                """)
            _ = try await TicketTests.create(api, as: tenant.agent, json: """
                {"subject": "Also down", "requester": {"email": "y@customer.example"}, "message": {"body": "Down"},
                 "priority": "urgent", "tags": ["outage"]}
                """)
            let created = try await api.send(.post, "/api/v1/views", as: tenant.agent, json: """
                {"name": "My outages", "filters": {"priorities": ["urgent", "high"], "assignee": "me",
                 "tags": ["OUTAGE", "vip"], "channels": ["api", "email", "web_form"], "created_after": "2020-01-01"},
                 "sort": "priority_desc"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let view = try created.decode(ViewWire.self)
            #expect(!view.shared)
            #expect(view.filters.tags == ["outage", "vip"])
            #expect(created.text.contains("\"created_after\":\"2020-01-01T00:00:00Z\""))
            let page = try await api.send(.get, "/api/v1/views/\(view.id)/tickets", as: tenant.agent)
            #expect(page.status == .ok, "\(page.text)")
            #expect(try page.decode(ListWire<TicketWire>.self).items.map(\.id) == [urgent.id])

            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent, json: #"{"name": "x", "shared": true}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent, json: #"{"name": "my OUTAGES"}"#),
                        .conflict, code: "conflict", field: "name")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent,
                                           json: #"{"name": "a", "filters": {"statuses": ["lost"]}}"#),
                        .badRequest, code: "invalid_input", field: "filters.statuses[0]")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent,
                                           json: #"{"name": "b", "filters": {"assignee": "user"}}"#),
                        .badRequest, code: "invalid_input", field: "filters.assignee_id")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent,
                                           json: #"{"name": "c", "filters": {"updated_before": "soon"}}"#),
                        .badRequest, code: "invalid_input", field: "filters.updated_before")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent,
                                           json: #"{"name": "d", "filters": {"team_ids": [0]}}"#),
                        .badRequest, code: "invalid_input", field: "filters.team_ids")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent, json: #"{"name": "e", "sort": "random"}"#),
                        .badRequest, code: "invalid_input", field: "sort")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent, json: "[1]"),
                        .badRequest, code: "invalid_input")
            let many = (1...51).map(String.init).joined(separator: ",")
            expectError(try await api.send(.post, "/api/v1/views", as: tenant.agent,
                                           json: #"{"name": "f", "filters": {"inbox_ids": [\#(many)]}}"#),
                        .badRequest, code: "invalid_input", field: "filters.inbox_ids")

            let shared = try await api.send(.post, "/api/v1/views", as: tenant.admin,
                                            json: #"{"name": "All urgent", "shared": true, "filters": {"priorities": ["urgent"]}}"#)
            #expect(shared.status == .created, "\(shared.text)")
            let everyone = try shared.decode(ViewWire.self)
            let agentList = try await api.send(.get, "/api/v1/views", as: tenant.agent).decode(ListWire<ViewWire>.self)
            #expect(agentList.items.map(\.id) == [everyone.id, view.id])
            let adminList = try await api.send(.get, "/api/v1/views", as: tenant.admin).decode(ListWire<ViewWire>.self)
            #expect(adminList.items.map(\.id) == [everyone.id])
            expectError(try await api.send(.get, "/api/v1/views/\(view.id)/tickets", as: tenant.admin), .notFound, code: "not_found")
            expectError(try await api.send(.get, "/api/v1/views/\(everyone.id)", as: world.b.admin), .notFound, code: "not_found")
            let paged = try await api.send(.get, "/api/v1/views/\(everyone.id)/tickets?limit=1", as: tenant.light)
                .decode(ListWire<TicketWire>.self)
            #expect(paged.items.count == 1)
            #expect(paged.nextCursor != nil)

            expectError(try await api.send(.patch, "/api/v1/views/\(everyone.id)", as: tenant.agent, json: #"{"name": "Mine"}"#),
                        .forbidden, code: "forbidden")
            let changed = try await api.send(.patch, "/api/v1/views/\(view.id)", as: tenant.agent,
                                             json: #"{"name": "Outages", "filters": {"tags": ["outage"]}}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try await api.send(.get, "/api/v1/views/\(view.id)/tickets", as: tenant.agent)
                .decode(ListWire<TicketWire>.self).items.count == 2)
            #expect(try await api.send(.delete, "/api/v1/views/\(view.id)", as: tenant.agent).status == .noContent)
            expectError(try await api.send(.get, "/api/v1/views/\(view.id)", as: tenant.agent), .notFound, code: "not_found")
        }
    }

    @Test("tags: counts, rename and delete across tickets with events; admins only; bad names are 400",
          arguments: TestBackend.all)
    func tags(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let first = try await TicketTests.create(api, as: tenant.agent, json: """
                {"subject": "One", "requester": {"email": "x@customer.example"}, "message": {"body": "1"}, "tags": ["bug", "ui"]}
                """)
            _ = try await TicketTests.create(api, as: tenant.agent, json: """
                {"subject": "Two", "requester": {"email": "y@customer.example"}, "message": {"body": "2"}, "tags": ["bug"]}
                """)
            let list = try await api.send(.get, "/api/v1/tags", as: tenant.light)
            #expect(list.status == .ok)
            #expect(list.text.contains(#"{"name":"bug","ticket_count":2}"#), "\(list.text)")

            expectError(try await api.send(.patch, "/api/v1/tags/bug", as: tenant.agent, json: #"{"name": "defect"}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.patch, "/api/v1/tags/bug", as: tenant.admin, json: #"{"name": "two words"}"#),
                        .badRequest, code: "invalid_input", field: "name")
            expectError(try await api.send(.patch, "/api/v1/tags/bug", as: tenant.admin, json: #"{"name": "bug"}"#),
                        .badRequest, code: "invalid_input", field: "name")
            expectError(try await api.send(.patch, "/api/v1/tags/missing", as: tenant.admin, json: #"{"name": "x"}"#),
                        .notFound, code: "not_found")
            expectError(try await api.send(.delete, "/api/v1/tags/bug", as: world.b.admin), .notFound, code: "not_found")

            let renamed = try await api.send(.patch, "/api/v1/tags/bug", as: tenant.admin, json: #"{"name": "Defect"}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(renamed.text.contains(#""ticket_count":2"#))
            let ticket = try await api.send(.get, "/api/v1/tickets/\(first.id)", as: tenant.agent)
                .decode(TicketsController.ShowResponse.self).ticket
            #expect(ticket.tags == ["defect", "ui"])
            let events = try await api.send(.get, "/api/v1/tickets/\(first.id)/events", as: tenant.agent)
                .decode(ListWire<EventWire>.self).items
            #expect(events.contains { $0.type == "ticket.updated" })

            let deleted = try await api.send(.delete, "/api/v1/tags/defect", as: tenant.admin)
            #expect(deleted.status == .ok, "\(deleted.text)")
            let after = try await api.send(.get, "/api/v1/tags", as: tenant.agent)
            #expect(after.text.contains(#""items":[{"name":"ui","ticket_count":1}]"#), "\(after.text)")
        }
    }
}
