import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

@Suite("Accounts are isolated: a user of A never reads or changes B")
struct CrossAccountTests {
    @Test(arguments: TestBackend.all)
    func everyEndpointRefusesTheOtherAccountsObjects(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let a = world.a
            let b = world.b
            let attacker = a.owner
            let mine = try await TicketTests.create(api, as: a.agent, json: Bodies.ticket(subject: "mine", email: "own@a.example"))
            let theirs = try await TicketTests.create(api, as: b.agent, json: Bodies.ticket(subject: "secret of b", email: "vip@b.example"))
            let theirContact = theirs.requesterID
            let theirJob = try await world.database.write { db in
                try await JobRepository().enqueue(
                    accountID: b.account.id, kind: "test.noop", payload: ["x": 1], runAt: Date(), maxAttempts: 3, on: db)
            }
            let theirToken = try await world.database.read { db in
                try await APITokenRepository().list(accountID: b.account.id, userID: b.agent.user.id, on: db)
            }.first!
            let (theirMacro, theirView) = try await world.database.write { db in
                _ = try await TicketOperations().update(
                    accountID: b.account.id, id: theirs.id, changes: TicketChanges(addTags: ["b-only"]),
                    actor: .system, on: db)
                return (
                    try await MacroRepository().create(
                        accountID: b.account.id, ownerID: b.admin.user.id,
                        MacroDraft(name: "secret of b", body: "x", visibility: .everyone), on: db),
                    try await ViewRepository().create(
                        accountID: b.account.id, ownerID: nil, name: "secret of b", filters: SavedViewFilters(),
                        sort: .createdDesc, on: db))
            }
            let theirField = try await world.database.write { db in
                try await CustomFieldRepository().create(
                    accountID: b.account.id, key: "secret_b", label: "B", type: .text, on: db)
            }
            let beforeA = try await AccountSnapshot.take(a.account.id, database: world.database)
            let beforeB = try await AccountSnapshot.take(b.account.id, database: world.database)

            // (method, route template, concrete path, body): every route with an id, aimed at B's objects.
            let cases: [(HTTPRequest.Method, String, String, String?)] = [
                (.get, "/api/v1/tickets/{id}", "/api/v1/tickets/\(theirs.id)", nil),
                (.patch, "/api/v1/tickets/{id}", "/api/v1/tickets/\(theirs.id)", #"{"status": "solved"}"#),
                (.post, "/api/v1/tickets/{id}/replies", "/api/v1/tickets/\(theirs.id)/replies", #"{"body": "x"}"#),
                (.post, "/api/v1/tickets/{id}/notes", "/api/v1/tickets/\(theirs.id)/notes", #"{"body": "x"}"#),
                (.post, "/api/v1/tickets/{id}/merge", "/api/v1/tickets/\(theirs.id)/merge", #"{"target_id": \#(mine.id)}"#),
                (.post, "/api/v1/tickets/{id}/merge", "/api/v1/tickets/\(mine.id)/merge", #"{"target_id": \#(theirs.id)}"#),
                (.get, "/api/v1/tickets/{id}/events", "/api/v1/tickets/\(theirs.id)/events", nil),
                (.get, "/api/v1/contacts/{id}", "/api/v1/contacts/\(theirContact)", nil),
                (.patch, "/api/v1/contacts/{id}", "/api/v1/contacts/\(theirContact)", #"{"name": "pwned"}"#),
                (.post, "/api/v1/contacts/{id}/merge", "/api/v1/contacts/\(theirContact)/merge", #"{"source_id": \#(mine.requesterID)}"#),
                (.post, "/api/v1/contacts/{id}/merge", "/api/v1/contacts/\(mine.requesterID)/merge", #"{"source_id": \#(theirContact)}"#),
                (.get, "/api/v1/organizations/{id}", "/api/v1/organizations/\(b.organization.id)", nil),
                (.patch, "/api/v1/organizations/{id}", "/api/v1/organizations/\(b.organization.id)", #"{"name": "x"}"#),
                (.get, "/api/v1/inboxes/{id}", "/api/v1/inboxes/\(b.inbox.id)", nil),
                (.patch, "/api/v1/inboxes/{id}", "/api/v1/inboxes/\(b.inbox.id)", #"{"web_form_enabled": false}"#),
                (.get, "/api/v1/users/{id}", "/api/v1/users/\(b.owner.user.id)", nil),
                (.patch, "/api/v1/users/{id}", "/api/v1/users/\(b.agent.user.id)", #"{"is_active": false}"#),
                (.get, "/api/v1/teams/{id}", "/api/v1/teams/\(b.team.id)", nil),
                (.patch, "/api/v1/teams/{id}", "/api/v1/teams/\(b.team.id)", #"{"member_ids": []}"#),
                (.delete, "/api/v1/tokens/{id}", "/api/v1/tokens/\(theirToken.id)", nil),
                (.get, "/api/v1/jobs/{id}", "/api/v1/jobs/\(theirJob.id)", nil),
                (.post, "/api/v1/tickets/{id}/macros/{macro_id}/preview",
                 "/api/v1/tickets/\(theirs.id)/macros/\(theirMacro.id)/preview", nil),
                (.post, "/api/v1/tickets/{id}/macros/{macro_id}/apply",
                 "/api/v1/tickets/\(theirs.id)/macros/\(theirMacro.id)/apply", #"{"body": "x"}"#),
                (.post, "/api/v1/tickets/{id}/macros/{macro_id}/apply",
                 "/api/v1/tickets/\(mine.id)/macros/\(theirMacro.id)/apply", #"{"body": "x"}"#),
                (.get, "/api/v1/macros/{id}", "/api/v1/macros/\(theirMacro.id)", nil),
                (.patch, "/api/v1/macros/{id}", "/api/v1/macros/\(theirMacro.id)", #"{"name": "pwned"}"#),
                (.delete, "/api/v1/macros/{id}", "/api/v1/macros/\(theirMacro.id)", nil),
                (.get, "/api/v1/views/{id}", "/api/v1/views/\(theirView.id)", nil),
                (.patch, "/api/v1/views/{id}", "/api/v1/views/\(theirView.id)", #"{"name": "pwned"}"#),
                (.delete, "/api/v1/views/{id}", "/api/v1/views/\(theirView.id)", nil),
                (.get, "/api/v1/views/{id}/tickets", "/api/v1/views/\(theirView.id)/tickets", nil),
                (.patch, "/api/v1/tags/{name}", "/api/v1/tags/b-only", #"{"name": "pwned"}"#),
                (.delete, "/api/v1/tags/{name}", "/api/v1/tags/b-only", nil),
                (.patch, "/api/v1/custom-fields/{id}", "/api/v1/custom-fields/\(theirField.id)", #"{"label": "pwned"}"#),
                (.delete, "/api/v1/custom-fields/{id}", "/api/v1/custom-fields/\(theirField.id)", nil),
                (.get, "/api/v1/inboxes/{id}/imap", "/api/v1/inboxes/\(b.inbox.id)/imap", nil),
                (.put, "/api/v1/inboxes/{id}/imap", "/api/v1/inboxes/\(b.inbox.id)/imap",
                 #"{"host": "127.0.0.1", "port": 1, "username": "u", "password": "p"}"#),
                (.delete, "/api/v1/inboxes/{id}/imap", "/api/v1/inboxes/\(b.inbox.id)/imap", nil),
            ]
            let rawMail = "From: spy@a.example\r\nTo: support@b.example\r\nSubject: into B\r\n\r\nhello\r\n"
            let rawEmailRoute: (HTTPRequest.Method, String, String, String?) =
                (.post, "/api/v1/inboxes/{id}/raw-email", "/api/v1/inboxes/\(b.inbox.id)/raw-email", rawMail)
            for (method, template, path, body) in cases + [rawEmailRoute] {
                let headers: HTTPFields = template.hasSuffix("/raw-email") ? [.contentType: "message/rfc822"] : [:]
                let response = try await api.send(method, path, as: attacker, json: body, headers: headers)
                #expect(response.status == .notFound || response.status == .forbidden,
                        "\(method) \(path): \(response.status) \(response.text)")
                #expect(!response.text.contains("secret of b"))
                #expect(!response.text.contains("vip@b.example"))
            }

            // Every route with an id in the router is walked above.
            let covered = Set((cases + [rawEmailRoute]).map { "\($0.0.rawValue) \($0.1)" })
            for route in try await RouteCoverage.authenticatedRoutes() where route.path.contains("{") {
                #expect(covered.contains(route.description), "no cross-account case for \(route)")
            }

            // References to B's objects inside A's requests.
            let references: [(HTTPRequest.Method, String, String)] = [
                (.post, "/api/v1/tickets", #"{"subject": "s", "requester_id": \#(theirContact), "message": {"body": "x"}}"#),
                (.post, "/api/v1/tickets", #"{"subject": "s", "requester": {"email": "n@a.example"}, "message": {"body": "x"}, "inbox_id": \#(b.inbox.id)}"#),
                (.post, "/api/v1/tickets", #"{"subject": "s", "requester": {"email": "n@a.example"}, "message": {"body": "x"}, "assignee_id": \#(b.agent.user.id)}"#),
                (.post, "/api/v1/tickets", #"{"subject": "s", "requester": {"email": "n@a.example"}, "message": {"body": "x"}, "team_id": \#(b.team.id)}"#),
                (.patch, "/api/v1/tickets/\(mine.id)", #"{"assignee_id": \#(b.agent.user.id)}"#),
                (.patch, "/api/v1/tickets/\(mine.id)", #"{"team_id": \#(b.team.id)}"#),
                (.post, "/api/v1/contacts", #"{"name": "n", "organization_id": \#(b.organization.id)}"#),
                (.patch, "/api/v1/contacts/\(mine.requesterID)", #"{"organization_id": \#(b.organization.id)}"#),
                (.post, "/api/v1/teams", #"{"name": "spy", "member_ids": [\#(b.agent.user.id)]}"#),
                (.patch, "/api/v1/teams/\(a.team.id)", #"{"member_ids": [\#(b.agent.user.id)]}"#),
            ]
            for (method, path, body) in references {
                let response = try await api.send(method, path, as: attacker, json: body)
                #expect((400..<500).contains(response.status.code), "\(method) \(path): \(response.status) \(response.text)")
            }

            // Lists and search show only A's data.
            let lists = ["/api/v1/tickets", "/api/v1/tickets?requester_id=\(theirContact)", "/api/v1/contacts",
                         "/api/v1/contacts?q=vip", "/api/v1/organizations", "/api/v1/inboxes", "/api/v1/users",
                         "/api/v1/teams", "/api/v1/tokens", "/api/v1/search?q=secret", "/api/v1/jobs", "/api/v1/me"]
            for path in lists {
                let response = try await api.send(.get, path, as: attacker)
                #expect(response.status == .ok, "\(path): \(response.text)")
                for leak in ["secret of b", "vip@b.example", b.owner.user.email, b.inbox.name, b.team.name,
                             b.organization.name, "Tenant B"] {
                    #expect(!response.text.contains(leak), "\(path) leaks \(leak)")
                }
            }

            #expect(try await AccountSnapshot.take(b.account.id, database: world.database) == beforeB)
            #expect(try await AccountSnapshot.take(a.account.id, database: world.database) == beforeA)
        }
    }
}
