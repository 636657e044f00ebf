import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import Testing
@testable import SwitchboardServer

@Suite("Contacts, organizations, inboxes, users, teams, tokens, me")
struct ResourceTests {
    @Test(arguments: TestBackend.all)
    func contactsCreateListShowUpdateMerge(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let agent = world.a.agent
            let created = try await api.send(.post, "/api/v1/contacts", as: agent, json: """
                {"name": "Carla", "email": "Carla@Shop.example", "phone": "+1 555 0100 22",
                 "organization_id": \(world.a.organization.id), "notes": "likes tea"}
                """)
            #expect(created.status == .created, "\(created.text)")
            let carla = try created.decode(ContactWire.self)
            #expect(carla.identities.map(\.value).sorted() == ["+1555010022", "carla@shop.example"])
            #expect(carla.organizationID == world.a.organization.id)
            let duplicate = try await api.send(.post, "/api/v1/contacts", as: agent, json: #"{"name": "C2", "email": "carla@shop.example"}"#)
            expectError(duplicate, .conflict, code: "conflict")

            let ticket = try await TicketTests.create(api, as: agent, json: Bodies.ticket(email: "carla@shop.example"))
            #expect(ticket.requesterID == carla.id)
            let show = try await api.send(.get, "/api/v1/contacts/\(carla.id)", as: agent).decode(ContactWire.self)
            #expect(show.tickets?.map(\.id) == [ticket.id])

            let list = try await api.send(.get, "/api/v1/contacts?q=carla", as: agent).decode(ListWire<ContactWire>.self)
            #expect(list.items.map(\.id) == [carla.id])
            let updated = try await api.send(
                .patch, "/api/v1/contacts/\(carla.id)", as: agent, json: #"{"name": "Carla M.", "organization_id": null}"#)
            #expect(try updated.decode(ContactWire.self).name == "Carla M.")
            #expect(try updated.decode(ContactWire.self).organizationID == nil)

            let other = try await api.send(.post, "/api/v1/contacts", as: agent, json: #"{"name": "Carla alt", "email": "c.alt@shop.example"}"#)
                .decode(ContactWire.self)
            let merged = try await api.send(
                .post, "/api/v1/contacts/\(carla.id)/merge", as: agent, json: #"{"source_id": \#(other.id)}"#)
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(try merged.decode(ContactWire.self).identities.count == 3)
            expectError(try await api.send(.get, "/api/v1/contacts/\(other.id)", as: agent), .notFound, code: "not_found")

            var seen: [Int64] = []
            var cursor: String?
            repeat {
                let page = try await api.send(
                    .get, "/api/v1/contacts?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), as: agent
                ).decode(ListWire<ContactWire>.self)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.contains(carla.id))
            #expect(Set(seen).count == seen.count)
            expectError(try await api.send(.post, "/api/v1/contacts", as: world.a.light, json: #"{"name": "x"}"#),
                        .forbidden, code: "forbidden")
        }
    }

    @Test(arguments: TestBackend.all)
    func adminResources(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let admin = world.a.admin
            let org = try await api.send(.post, "/api/v1/organizations", as: admin,
                                         json: #"{"name": "Acme", "tier": "premium", "domains": ["acme.example"]}"#)
            #expect(org.status == .created, "\(org.text)")
            let acme = try org.decode(OrganizationWire.self)
            #expect(acme.tier == "premium")
            let renamed = try await api.send(.patch, "/api/v1/organizations/\(acme.id)", as: admin, json: #"{"name": "Acme Inc"}"#)
            #expect(try renamed.decode(OrganizationWire.self).name == "Acme Inc")
            #expect(try await api.send(.get, "/api/v1/organizations/\(acme.id)", as: world.a.light).status == .ok)
            // A new contact with an email of the organization's domain joins it.
            let ticket = try await TicketTests.create(api, as: world.a.agent, json: Bodies.ticket(email: "zed@acme.example"))
            #expect(ticket.organizationID == acme.id)

            let inbox = try await api.send(.post, "/api/v1/inboxes", as: admin,
                                           json: #"{"name": "Sales", "channel": "email", "email_address": "sales@a.example"}"#)
            #expect(inbox.status == .created, "\(inbox.text)")
            let sales = try inbox.decode(InboxWire.self)
            #expect(sales.emailAddress == "sales@a.example")
            #expect(sales.webFormEnabled == false)
            let patched = try await api.send(.patch, "/api/v1/inboxes/\(sales.id)", as: admin,
                                             json: #"{"email_address": null, "web_form_enabled": true}"#).decode(InboxWire.self)
            #expect(patched.emailAddress == nil)
            #expect(patched.webFormEnabled)

            let user = try await api.send(.post, "/api/v1/users", as: admin,
                                          json: #"{"email": "new@a.example.com", "name": "New", "role": "agent", "password": "long enough"}"#)
            #expect(user.status == .created, "\(user.text)")
            let newUser = try user.decode(UserWire.self)
            #expect(newUser.role == "agent")
            #expect(!user.text.contains("password"))
            expectError(try await api.send(.post, "/api/v1/users", as: admin,
                                           json: #"{"email": "new@a.example.com", "name": "Dup", "role": "agent"}"#),
                        .conflict, code: "conflict")
            let promoted = try await api.send(.patch, "/api/v1/users/\(newUser.id)", as: admin, json: #"{"role": "admin"}"#)
            #expect(try promoted.decode(UserWire.self).role == "admin")

            let team = try await api.send(.post, "/api/v1/teams", as: admin,
                                          json: #"{"name": "Tier 2", "member_ids": [\#(newUser.id), \#(world.a.agent.user.id)]}"#)
            #expect(team.status == .created, "\(team.text)")
            let tier2 = try team.decode(TeamWire.self)
            #expect(Set(tier2.memberIDs) == [newUser.id, world.a.agent.user.id])
            let emptied = try await api.send(.patch, "/api/v1/teams/\(tier2.id)", as: admin, json: #"{"member_ids": []}"#)
            #expect(try emptied.decode(TeamWire.self).memberIDs.isEmpty)

            for path in ["organizations", "inboxes", "users", "teams"] {
                let list = try await api.send(.get, "/api/v1/\(path)", as: world.a.light)
                #expect(list.status == .ok)
                #expect(list.text.contains("\"items\""))
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func rolesAreChecked(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let a = world.a
            let before = try await AccountSnapshot.take(a.account.id, database: world.database)
            let adminOnly: [(HTTPRequest.Method, String, String)] = [
                (.post, "/api/v1/organizations", #"{"name": "x"}"#),
                (.patch, "/api/v1/organizations/\(a.organization.id)", #"{"name": "x"}"#),
                (.post, "/api/v1/inboxes", #"{"name": "x", "channel": "email"}"#),
                (.patch, "/api/v1/inboxes/\(a.inbox.id)", #"{"name": "x"}"#),
                (.post, "/api/v1/users", #"{"email": "x@a.example.com", "name": "x", "role": "agent"}"#),
                (.patch, "/api/v1/users/\(a.light.user.id)", #"{"name": "x"}"#),
                (.post, "/api/v1/teams", #"{"name": "x"}"#),
                (.patch, "/api/v1/teams/\(a.team.id)", #"{"name": "x"}"#),
                (.get, "/api/v1/jobs", ""),
            ]
            for caller in [a.agent, a.light] {
                for (method, path, body) in adminOnly {
                    let response = try await api.send(method, path, as: caller, json: body.isEmpty ? nil : body)
                    expectError(response, .forbidden, code: "forbidden")
                }
            }
            let agentOnly: [(HTTPRequest.Method, String, String)] = [
                (.post, "/api/v1/tickets", Bodies.ticket()),
                (.post, "/api/v1/contacts", #"{"name": "x"}"#),
            ]
            for (method, path, body) in agentOnly {
                expectError(try await api.send(method, path, as: a.light, json: body), .forbidden, code: "forbidden")
            }
            // Admins cannot create, promote to, or change owners.
            expectError(try await api.send(.post, "/api/v1/users", as: a.admin,
                                           json: #"{"email": "o2@a.example.com", "name": "o", "role": "owner"}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.patch, "/api/v1/users/\(a.agent.user.id)", as: a.admin, json: #"{"role": "owner"}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.patch, "/api/v1/users/\(a.owner.user.id)", as: a.admin, json: #"{"name": "x"}"#),
                        .forbidden, code: "forbidden")
            expectError(try await api.send(.patch, "/api/v1/users/\(a.owner.user.id)", as: a.owner, json: #"{"is_active": false}"#),
                        .badRequest, code: "invalid_input", field: "is_active")
            #expect(try await AccountSnapshot.take(a.account.id, database: world.database) == before)
            // Owners can create owners.
            let owner = try await api.send(.post, "/api/v1/users", as: a.owner,
                                           json: #"{"email": "o2@a.example.com", "name": "o", "role": "owner"}"#)
            #expect(owner.status == .created)
        }
    }

    @Test(arguments: TestBackend.all)
    func tokensAreShownOnceAndRevocable(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            struct Created: Decodable { var token: APITokenWire; var secret: String? }
            let agent = world.a.agent
            let created = try await api.send(.post, "/api/v1/tokens", as: agent, json: #"{"name": "ci"}"#)
            #expect(created.status == .created)
            let token = try created.decode(Created.self)
            let secret = try #require(token.secret)
            #expect(secret.hasPrefix("sbt_"))
            #expect(secret.hasPrefix(token.token.prefix))
            let list = try await api.send(.get, "/api/v1/tokens", as: agent)
            #expect(!list.text.contains(secret))
            #expect(try list.decode(ListWire<APITokenWire>.self).items.contains { $0.id == token.token.id })
            let me = try await api.send(.get, "/api/v1/me", headers: [.authorization: "Bearer \(secret)"])
            #expect(me.status == .ok)
            #expect(me.text.contains(world.a.account.name))
            // Somebody else's token (same account) is not yours to revoke.
            expectError(try await api.send(.delete, "/api/v1/tokens/\(token.token.id)", as: world.a.owner),
                        .notFound, code: "not_found")
            #expect(try await api.send(.delete, "/api/v1/tokens/\(token.token.id)", as: agent).status == .noContent)
            expectError(try await api.send(.get, "/api/v1/me", headers: [.authorization: "Bearer \(secret)"]),
                        .unauthorized, code: "unauthenticated")
        }
    }
}
