import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Web: macros, saved views, tags")
struct WebMacroViewTests {
    @Test("the fragments parse and the new scripts are served")
    func fragmentsAndAssets() throws {
        #expect(WorkspaceFragments.library != nil)
        for name in ["macro.js", "macro-admin.js", "views.js"] {
            let asset = try #require(WebAssets.standard[name])
            #expect(asset.contentType.hasPrefix("text/javascript"))
            #expect(!String(decoding: asset.bytes, as: UTF8.self).contains("innerHTML"), "\(name) builds no HTML")
        }
        #expect(InboxPageView.countText(1001) == "1000+")
        #expect(InboxPageView.countText(1000) == "1000")
    }

    @Test("the ticket page offers the viewer's macros (escaped) in the composer")
    func ticketPicker() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            try await environment.database.write { db in
                let other = try await UserRepository().create(
                    accountID: accountID, email: "other-\(UUID().uuidString.prefix(6))@example.com", name: "Other",
                    role: .agent, passwordHash: nil, on: db)
                _ = try await MacroRepository().create(
                    accountID: accountID, ownerID: account.owner.id,
                    MacroDraft(name: "<b>Refund</b>", body: "Hi {{customer.first_name}}", visibility: .everyone,
                               actions: MacroActions(status: .pending, addTags: ["refund"])), on: db)
                _ = try await MacroRepository().create(
                    accountID: accountID, ownerID: other.id,
                    MacroDraft(name: "Private to other", body: "x", visibility: .personal), on: db)
            }
            try await client.execute(uri: "/tickets/\(account.ticket.id)", method: .get, headers: account.cookie) {
                response in
                let html = WebFixtures.text(response)
                #expect(response.status == .ok)
                #expect(html.contains("id=\"macro-open\""))
                #expect(html.contains("aria-keyshortcuts=\"m\""))
                #expect(html.contains("&lt;b&gt;Refund&lt;/b&gt;"))
                #expect(!html.contains("<b>Refund</b>"))
                #expect(html.contains("Status → Pending · +refund"))
                #expect(!html.contains("Private to other"))
                #expect(html.contains("/assets/macro."))
            }
        }
    }

    @Test("admin sections list macros and tags with their forms")
    func adminSections() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            try await environment.database.write { db in
                _ = try await MacroRepository().create(
                    accountID: accountID, ownerID: account.owner.id,
                    MacroDraft(name: "Greeting", body: "Hello {{customer.name}}", visibility: .everyone), on: db)
                _ = try await TicketOperations().update(
                    accountID: accountID, id: account.ticket.id, changes: TicketChanges(tags: ["billing"]),
                    actor: .system, on: db)
            }
            try await client.execute(uri: "/admin/macros", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(response.status == .ok)
                #expect(html.contains("id=\"macros-table\""))
                #expect(html.contains("Greeting"))
                #expect(html.contains("id=\"macro-form\""))
                #expect(html.contains("<code>{{customer.first_name}}</code>"))
                #expect(html.contains("data-macro=\"{&quot;actions&quot;"))
                #expect(html.contains("/assets/macro-admin."))
            }
            try await client.execute(uri: "/admin/tags", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(response.status == .ok)
                #expect(html.contains("<tr data-tag=\"billing\"><td><code>billing</code></td><td>1</td>"))
            }
        }
    }

    @Test("agents keep their own macros on /macros; others' personal macros stay hidden; light agents get 404")
    func myMacrosPage() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            let (agentCookie, lightCookie) = try await environment.database.write { db in
                func session(_ role: UserRole, _ name: String) async throws -> HTTPFields {
                    let user = try await UserRepository().create(
                        accountID: accountID, email: "\(name)-\(UUID().uuidString.prefix(6))@example.com",
                        name: name, role: role, passwordHash: nil, on: db)
                    let session = try await SessionRepository().create(
                        userID: user.id, accountID: accountID, expiresAt: Date().addingTimeInterval(3600), on: db)
                    if role == .agent {
                        _ = try await MacroRepository().create(
                            accountID: accountID, ownerID: user.id,
                            MacroDraft(name: "Mine <b>", body: "Hi {{customer.first_name}}", visibility: .personal),
                            on: db)
                    }
                    return [.cookie: "sb_session=\(session.secret)"]
                }
                _ = try await MacroRepository().create(
                    accountID: accountID, ownerID: account.owner.id,
                    MacroDraft(name: "Owner's private", body: "x", visibility: .personal), on: db)
                _ = try await MacroRepository().create(
                    accountID: accountID, ownerID: account.owner.id,
                    MacroDraft(name: "Shared greeting", body: "Hello", visibility: .everyone), on: db)
                return (try await session(.agent, "agent"), try await session(.lightAgent, "light"))
            }
            try await client.execute(uri: "/macros", method: .get, headers: agentCookie) { response in
                let html = WebFixtures.text(response)
                #expect(response.status == .ok)
                #expect(html.contains("<h1>My macros</h1>"))
                #expect(html.contains("Mine &lt;b&gt;"), "the agent's own macro, escaped")
                #expect(html.contains("Shared greeting"), "shared macros are listed for use")
                #expect(!html.contains("Owner&#39;s private") && !html.contains("Owner's private"))
                #expect(html.contains("<option value=\"personal\">Only me</option>"))
                #expect(!html.contains("<option value=\"everyone\">"), "agents may not save shared macros")
                #expect(html.contains("href=\"/macros\" aria-current=\"page\""))
                #expect(!html.contains("href=\"/admin/users\""), "no Admin link for agents")
                // Exactly one Edit button: the agent's own macro, not the shared one.
                #expect(html.components(separatedBy: "data-macro-edit=").count == 2)
            }
            try await client.execute(uri: "/macros", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(response.status == .ok)
                #expect(html.contains("<option value=\"everyone\">Everyone</option>"), "admins may save shared ones")
            }
            try await client.execute(uri: "/macros", method: .get, headers: lightCookie) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/macros", method: .get) { response in
                #expect(response.status == .seeOther || response.status == .found)
            }
        }
    }

    @Test("saved views appear with capped counts, open as inbox pages, and are private to their owner")
    func savedViews() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            let (mine, foreign) = try await environment.database.write { db in
                _ = try await TicketOperations().create(NewTicket(
                    accountID: accountID, subject: "Unrelated", body: "x", priority: .low, channel: .email,
                    requester: RequesterDetails(email: "z@example.org"), actor: .system), on: db)
                let other = try await UserRepository().create(
                    accountID: accountID, email: "o-\(UUID().uuidString.prefix(6))@example.com", name: "Other",
                    role: .agent, passwordHash: nil, on: db)
                let mine = try await ViewRepository().create(
                    accountID: accountID, ownerID: account.owner.id, name: "Normal priority",
                    filters: SavedViewFilters(priorities: [.normal]), sort: .createdDesc, on: db)
                let foreign = try await ViewRepository().create(
                    accountID: accountID, ownerID: other.id, name: "Not yours", filters: SavedViewFilters(),
                    sort: .createdDesc, on: db)
                return (mine, foreign)
            }
            try await client.execute(uri: "/inbox/all?priority=high&tag=vip", method: .get, headers: account.cookie) {
                response in
                let html = WebFixtures.text(response)
                #expect(html.contains("id=\"saved-views\""))
                #expect(html.contains("href=\"/inbox/view-\(mine.id)\""))
                #expect(html.contains("data-count=\"view-\(mine.id)\">1<"))
                #expect(!html.contains("Not yours"))
                #expect(html.contains("id=\"save-view-form\""))
                #expect(html.contains("&quot;priorities&quot;:[&quot;high&quot;]"))
                #expect(html.contains("&quot;tags&quot;:[&quot;vip&quot;]"))
            }
            try await client.execute(uri: "/inbox/view-\(mine.id)", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(response.status == .ok)
                #expect(html.contains("Normal priority"))
                #expect(html.contains("Printer on fire"))
                #expect(!html.contains("Unrelated"))
                #expect(html.contains("id=\"delete-view\""))
            }
            try await client.execute(uri: "/inbox/view-\(foreign.id)", method: .get, headers: account.cookie) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/inbox-saved-views", method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                #expect(WebFixtures.text(response) == #"{"counts":{"view-\#(mine.id)":"1"}}"#)
            }
        }
    }
}
