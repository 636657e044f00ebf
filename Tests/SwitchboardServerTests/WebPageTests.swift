import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Web pages")
struct WebPageTests {
    @Test("signed-in pages render with the user, the navigation and the ticket")
    func pagesRenderForSignedInUser() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let ticket = account.ticket
            for path in ["/inbox", "/inbox/all", "/inbox/unassigned", "/inbox/mine", "/inbox/pending",
                         "/inbox/solved", "/tickets/\(ticket.id)", "/contacts/\(account.contactID)",
                         "/search?q=printer", "/admin/users", "/admin/teams", "/admin/inboxes", "/admin/tokens"] {
                try await client.execute(uri: path, method: .get, headers: account.cookie) { response in
                    #expect(response.status == .ok, "\(path)")
                    let html = WebFixtures.text(response)
                    #expect(html.contains("Ada Owner"), "\(path) shows the user")
                    #expect(html.contains("name=\"csrf-token\" content=\"\(account.csrfToken)\""), "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                }
            }
            try await client.execute(uri: "/inbox/all", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(html.contains("Printer on fire"))
                #expect(html.contains("Grace Customer"))
                #expect(html.contains("data-count=\"all\">1<"))
            }
            try await client.execute(uri: "/tickets/\(ticket.id)", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(html.contains("#\(ticket.number)"))
                #expect(html.contains("It smokes."))
                #expect(html.contains("id=\"composer\""))
                #expect(html.contains("Grace Customer"))
            }
        }
    }

    @Test("the inbox counts come from the maintained counters")
    func inboxCounts() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            _ = try await environment.database.write { db in
                try await TicketOperations().update(
                    accountID: account.owner.accountID, id: account.ticket.id,
                    changes: TicketChanges(status: .pending, assigneeID: .some(account.owner.id)),
                    actor: EventActor(kind: .user, id: account.owner.id), on: db)
            }
            try await client.execute(uri: "/inbox-counts", method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                let counts = try JSONDecoder().decode([String: [String: Int]].self, from: response.body)["counts"]
                #expect(counts?["pending"] == 1)
                #expect(counts?["mine"] == 1)
                #expect(counts?["unassigned"] == 0)
                #expect(counts?["all"] == 1)
                #expect(counts?["solved"] == 0)
            }
        }
    }

    @Test("pages redirect to the sign-in page without a session")
    func redirectsWithoutSession() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            for path in ["/inbox", "/inbox/all", "/tickets/\(account.ticket.id)", "/contacts/\(account.contactID)",
                         "/admin/users", "/search?q=x", "/tickets/\(account.ticket.id)/timeline"] {
                for headers: HTTPFields in [[:], [.cookie: "sb_session=not-a-session"]] {
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        #expect(response.status == .seeOther, "\(path)")
                        #expect(response.headers[.location]?.hasPrefix("/login") == true, "\(path)")
                    }
                }
            }
            try await client.execute(uri: "/tickets/\(account.ticket.id)", method: .get) { response in
                #expect(response.headers[.location] == "/login?next=/tickets/\(account.ticket.id)")
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.location] == "/login")
            }
        }
    }

    @Test("the History panel shows the newest 50 events and links to the whole history")
    func historyIsCapped() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            let ticketID = account.ticket.id
            let total = try await environment.database.write { db in
                for round in 0..<60 {
                    _ = try await TicketOperations().update(
                        accountID: accountID, id: ticketID,
                        changes: TicketChanges(priority: round % 2 == 0 ? .high : .low), actor: .system, on: db)
                }
                return try await EventRepository().list(accountID: accountID, ticketID: ticketID, on: db).count
            }
            #expect(total > WebTicketController.historyLimit)
            func historyItems(_ html: String) -> Int {
                guard let start = html.range(of: "id=\"history\""), let end = html.range(of: "</details>",
                    range: start.upperBound..<html.endIndex) else { return -1 }
                return html[start.upperBound..<end.lowerBound].components(separatedBy: "<li><time").count - 1
            }
            try await client.execute(uri: "/tickets/\(ticketID)", method: .get, headers: account.cookie) { response in
                let html = WebFixtures.text(response)
                #expect(historyItems(html) == WebTicketController.historyLimit)
                #expect(html.contains("href=\"/tickets/\(ticketID)?history=all#history\">Show all \(total) events</a>"))
            }
            try await client.execute(uri: "/tickets/\(ticketID)?history=all", method: .get, headers: account.cookie) {
                response in
                let html = WebFixtures.text(response)
                #expect(historyItems(html) == total)
                #expect(html.contains("id=\"history\" open"))
                #expect(!html.contains("?history=all#history"))
            }
        }
    }

    @Test("an unknown view, ticket or admin section is a 404 page")
    func unknownThingsAre404() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            for path in ["/inbox/nonsense", "/inbox/team-999", "/tickets/999999", "/tickets/abc", "/contacts/0",
                         "/admin/secrets"] {
                try await client.execute(uri: path, method: .get, headers: account.cookie) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(WebFixtures.text(response).contains("<h1>Not found</h1>"), "\(path)")
                }
            }
        }
    }

    @Test("agents do not see admin pages")
    func adminPagesNeedAdmin() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let secret = try await environment.database.write { db in
                let agent = try await UserRepository().create(
                    accountID: account.owner.accountID, email: "agent-\(UUID().uuidString.prefix(6))@example.com",
                    name: "Agent", role: .agent, passwordHash: nil, on: db)
                return try await SessionRepository().create(
                    userID: agent.id, accountID: agent.accountID, expiresAt: Date().addingTimeInterval(600), on: db
                ).secret
            }
            try await client.execute(uri: "/admin/users", method: .get, headers: [.cookie: "sb_session=\(secret)"]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/inbox", method: .get, headers: [.cookie: "sb_session=\(secret)"]) {
                #expect($0.status == .ok)
                #expect(!WebFixtures.text($0).contains("href=\"/admin/users\""))
            }
        }
    }

    @Test("bad filter input is a clear 400 page, not a crash")
    func badFilterInput() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            try await client.execute(uri: "/inbox/all?cursor=%%%garbage", method: .get, headers: account.cookie) {
                #expect($0.status == .badRequest)
                #expect(WebFixtures.text($0).contains("Invalid request"))
            }
            let tag = String(repeating: "x", count: 100)
            try await client.execute(uri: "/inbox/all?tag=\(tag)", method: .get, headers: account.cookie) {
                #expect($0.status == .badRequest)
            }
        }
    }
}
