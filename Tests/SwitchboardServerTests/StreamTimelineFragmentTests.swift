import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

/// The ticket page's live updates fetch only the entries after the newest one shown
/// (`GET /tickets/{id}/timeline?after=<message id>`), and fall back to the whole timeline when a newer message
/// sorts earlier.
@Suite("Timeline fragment for live updates")
struct StreamTimelineFragmentTests {
    static let mode = HTTPField.Name("X-Timeline")!

    static func entryIDs(_ html: String) -> [Int64] {
        html.components(separatedBy: "data-message-id=\"").dropFirst().compactMap { part in
            Int64(part.prefix { $0 != "\"" })
        }
    }

    static func addNote(
        _ environment: WebFixtures.Environment, _ account: WebFixtures.Account, _ text: String, at date: Date? = nil
    ) async throws -> Int64 {
        try await environment.database.write { db in
            try await TicketOperations().addMessage(
                accountID: account.owner.accountID, ticketID: account.ticket.id,
                NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: account.owner.id, text: text,
                           createdAt: date),
                actor: EventActor(kind: .user, id: account.owner.id), on: db
            ).message.id
        }
    }

    @Test("after= answers only the newer entries; without it the whole timeline")
    func newerEntriesOnly() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let path = "/tickets/\(account.ticket.id)/timeline"
            var first: Int64 = 0
            try await client.execute(uri: path, method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                #expect(response.headers[Self.mode] == "full")
                let ids = Self.entryIDs(WebFixtures.text(response))
                #expect(ids.count == 1)
                first = ids.first ?? 0
            }
            let second = try await Self.addNote(environment, account, "Second entry")
            let third = try await Self.addNote(environment, account, "Third entry")
            try await client.execute(uri: "\(path)?after=\(first)", method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                #expect(response.headers[Self.mode] == "after")
                let html = WebFixtures.text(response)
                #expect(Self.entryIDs(html) == [second, third])
                #expect(html.contains("Third entry"))
                #expect(!html.contains("It smokes."))
            }
            try await client.execute(uri: "\(path)?after=\(third)", method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                #expect(response.headers[Self.mode] == "after")
                #expect(Self.entryIDs(WebFixtures.text(response)).isEmpty)
            }
            try await client.execute(uri: path, method: .get, headers: account.cookie) { response in
                #expect(Self.entryIDs(WebFixtures.text(response)) == [first, second, third])
            }
        }
    }

    @Test("a newer message dated earlier makes the answer the whole timeline")
    func backdatedMessageGivesFullTimeline() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let path = "/tickets/\(account.ticket.id)/timeline"
            let latest = try await Self.addNote(environment, account, "Now")
            let backdated = try await Self.addNote(
                environment, account, "Imported from last year", at: Date().addingTimeInterval(-365 * 86_400))
            try await client.execute(uri: "\(path)?after=\(latest)", method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                #expect(response.headers[Self.mode] == "full")
                let ids = Self.entryIDs(WebFixtures.text(response))
                #expect(ids.count == 3)
                #expect(ids.first == backdated)
            }
        }
    }

    @Test("a bad after= is a 400; another account's ticket stays a 404")
    func badInput() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let other = try await WebFixtures.seed(environment, name: "Other")
            for bad in ["abc", "-1", "1.5", "", "99999999999999999999"] {
                let uri = "/tickets/\(account.ticket.id)/timeline?after=\(bad)"
                try await client.execute(uri: uri, method: .get, headers: account.cookie) { response in
                    #expect(response.status == .badRequest, "after=\(bad)")
                }
            }
            try await client.execute(
                uri: "/tickets/\(other.ticket.id)/timeline?after=0", method: .get, headers: account.cookie
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("appended keeps timeline order or gives up")
    func appendedSelection() {
        func message(_ id: Int64, _ seconds: Double) -> Message {
            Message(id: id, accountID: 1, ticketID: 1, kind: .note, channel: .agent, authorKind: .system,
                    authorID: nil, text: "m\(id)", createdAt: Date(timeIntervalSince1970: seconds))
        }
        let ordered = [message(1, 10), message(2, 20), message(5, 30), message(7, 40)]
        #expect(WebTicketController.appended(ordered, after: 2)?.map(\.id) == [5, 7])
        #expect(WebTicketController.appended(ordered, after: 0)?.map(\.id) == [1, 2, 5, 7])
        #expect(WebTicketController.appended(ordered, after: 7)?.isEmpty == true)
        // Message 9 is dated before message 5: appending it after 5 would misplace it.
        let backdated = [message(1, 10), message(9, 15), message(2, 20), message(5, 30)]
        #expect(WebTicketController.appended(backdated, after: 2) == nil)
        #expect(WebTicketController.appended(backdated, after: 9)?.isEmpty == true)
    }
}
