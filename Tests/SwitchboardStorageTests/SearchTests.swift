import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Full-text search")
struct SearchTests {
    @Test("ranking, snippets with <mark>, filters, account scope", arguments: TestDatabase.all)
    func rankingAndSnippets(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let strong = try await fixture.ticket(
                database, subject: "Invoice missing", body: "The invoice for March is missing. Invoice please!",
                priority: .high)
            let weak = try await fixture.ticket(
                database, subject: "Question", body: "Where do I find settings? Also an invoice question.")
            _ = try await fixture.ticket(database, subject: "Unrelated", body: "Password reset does not work")
            let other = try await Fixture.make(database, name: "Other")
            _ = try await other.ticket(database, subject: "Invoice elsewhere", body: "invoice invoice invoice")

            let hits = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "invoice", on: db)
            }
            #expect(hits.map(\.ticket.id) == [strong.ticket.id, weak.ticket.id])
            #expect(hits[0].rank > hits[1].rank)
            #expect(hits.allSatisfy { $0.snippet.lowercased().contains("<mark>invoice</mark>") })

            let both = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "INVOICE march", on: db)
            }
            #expect(both.map(\.ticket.id) == [strong.ticket.id])

            let filtered = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "invoice",
                                                    filters: TicketQuery(priorities: [.normal]), on: db)
            }
            #expect(filtered.map(\.ticket.id) == [weak.ticket.id])

            // A reply is searchable in the same transaction's commit; a subject change too.
            _ = try await database.write { db in
                _ = try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: weak.ticket.id,
                    NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                               text: "Try the zeppelin menu"),
                    actor: fixture.agentActor, on: db)
                _ = try await TicketOperations().update(
                    accountID: accountID, id: strong.ticket.id, changes: TicketChanges(subject: "Billing kumquat"),
                    actor: fixture.agentActor, on: db)
            }
            #expect(try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "zeppelin", on: db)
            }.map(\.ticket.id) == [weak.ticket.id])
            #expect(try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "kumquat", on: db)
            }.map(\.ticket.id) == [strong.ticket.id])
        }
    }

    @Test("snippets escape HTML around the marks", arguments: TestDatabase.all)
    func snippetEscaping(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            _ = try await fixture.ticket(
                database, subject: "Script",
                body: "<script>alert('x')</script> & the widget \u{E000}broke\u{E001} \"badly\"")
            let hits = try await database.read { db in
                try await SearchRepository().search(accountID: fixture.account.id, text: "widget", on: db)
            }
            let snippet = try #require(hits.first?.snippet)
            #expect(snippet.contains("<mark>widget</mark>"))
            #expect(!snippet.contains("<script>"))
            #expect(snippet.contains("&lt;script&gt;") || !snippet.contains("script"))
            #expect(snippet.replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: "")
                .contains("<") == false)
            #expect(!snippet.contains("\u{E000}"))
        }
    }

    @Test("ranking is bounded to the newest matches; within them the best come first", arguments: TestDatabase.all)
    func boundedCandidates(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            // The oldest ticket is the strongest match; six newer ones mention the word once.
            let strongest = try await fixture.ticket(
                database, subject: "Refund refund", body: "refund refund refund refund")
            var newer: [Int64] = []
            for index in 0..<6 {
                newer.append(try await fixture.ticket(
                    database, subject: "Question \(index)", body: "About a refund, number \(index).").ticket.id)
            }
            let other = try await Fixture.make(database, name: "Other")
            for index in 0..<4 { _ = try await other.ticket(database, subject: "Refund \(index)", body: "refund") }

            let all = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "refund", on: db)
            }
            #expect(all.first?.ticket.id == strongest.ticket.id)
            #expect(Set(all.map(\.ticket.id)) == Set(newer + [strongest.ticket.id]))
            // With room for the four newest only, the oldest is not ranked, and another account's newer
            // tickets do not take the places.
            let bounded = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "refund", limit: 3, candidates: 4, on: db)
            }
            #expect(bounded.count == 3)
            #expect(Set(bounded.map(\.ticket.id)).isSubset(of: Set(newer.suffix(4))))
            #expect(bounded.allSatisfy { $0.snippet.lowercased().contains("<mark>refund</mark>") })
        }
    }

    @Test("huge bodies of distinct 4-byte words stay indexable through replies and merges", arguments: TestDatabase.all)
    func hugeBodiesStayIndexable(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            // 30,000 distinct words of one 4-byte character: 120 KB of text, a tsvector far above its size.
            let words = (0..<30_000).compactMap { Unicode.Scalar(0x1_0000 + $0).map { String(Character($0)) } }
            let huge = words.joined(separator: " ")
            let source = try await fixture.ticket(database, subject: "Huge one", body: huge)
            let target = try await fixture.ticket(database, subject: "Huge two", body: huge)
            _ = try await database.write { db in
                for _ in 0..<3 {
                    _ = try await TicketOperations().addMessage(
                        accountID: accountID, ticketID: target.ticket.id,
                        NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                                   text: huge),
                        actor: fixture.agentActor, on: db)
                }
                return try await TicketOperations().merge(
                    accountID: accountID, sourceID: source.ticket.id, into: target.ticket.id,
                    actor: fixture.agentActor, on: db)
            }
            let size = try await database.read { db in
                // PostgreSQL stores the document; SQLite's contentless index is fed the rebuilt one.
                guard db.isPostgres else {
                    return try await SearchDocument.rebuild(
                        accountID: accountID, ticketIDs: [target.ticket.id], on: db)[target.ticket.id]?.body.utf8.count
                        ?? 0
                }
                let id = target.ticket.id
                return try await db.raw("SELECT body FROM search_documents WHERE ticket_id = \(bind: id)")
                    .first(decodingColumn: "body", as: String.self)?.utf8.count ?? 0
            }
            #expect(size <= SearchIndexWriter.maxBodyBytes)
            let hits = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "huge", on: db)
            }
            #expect(hits.map(\.ticket.id).contains(target.ticket.id))
        }
    }

    @Test("hostile query strings are searched literally, never a syntax error", arguments: TestDatabase.all)
    func hostileQueries(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let ticket = try await fixture.ticket(database, subject: "Near the printer", body: "printer AND paper jam")
            let hostile = [
                "\"", "\"unbalanced", "*", "printer*", "NEAR(printer paper)", "printer NEAR paper", "-printer",
                "(printer", "printer)", "printer OR", "AND", "subject:printer", "^printer", "{printer}",
                "'; DROP TABLE tickets; --", "printer & | ! :*", "!!(", "\\", "%", "_", "\u{0}", "\u{E000}",
                "🙂 printer", String(repeating: "(", count: 500),
                "printer -paper", "p r i n t e r", "NOT printer",
            ]
            for text in hostile {
                let hits = try await database.read { db in
                    try await SearchRepository().search(accountID: fixture.account.id, text: text, on: db)
                }
                #expect(hits.allSatisfy { $0.ticket.id == ticket.ticket.id }, "query \(text)")
            }
            let literalNear = try await database.read { db in
                try await SearchRepository().search(accountID: fixture.account.id, text: "NEAR(printer paper)", on: db)
            }
            #expect(literalNear.map(\.ticket.id) == [ticket.ticket.id])
            let empty = try await database.read { db in
                try await SearchRepository().search(accountID: fixture.account.id, text: "  ** () \"\" ", on: db)
            }
            #expect(empty.isEmpty)
            let tables = try await database.read { db in
                try await TicketRepository().get(accountID: fixture.account.id, id: ticket.ticket.id, on: db)
            }
            #expect(tables != nil)
        }
    }
}

@Suite("Search helpers")
struct SearchHelperTests {
    @Test("queries reduce to words")
    func words() {
        #expect(SearchQuery("Hello, \"World\" NEAR(x*) -y").terms == ["hello", "world", "near", "x", "y"])
        #expect(SearchQuery("hello hello").terms == ["hello"])
        #expect(SearchQuery("***").isEmpty)
        #expect(SearchQuery("café über").fts5 == "\"café\" \"über\"")
        #expect(SearchQuery(String(repeating: "a ", count: 100)).terms.count == 1)
        #expect(SearchQuery((0..<40).map { "w\($0)" }.joined(separator: " ")).terms.count == SearchQuery.maxTerms)
    }

    @Test("snippets escape everything but the marks")
    func snippetRender() {
        #expect(SnippetHTML.render("a <b> & \u{E000}x\u{E001} \"q\" 'r'")
            == "a &lt;b&gt; &amp; <mark>x</mark> &quot;q&quot; &#39;r&#39;")
        #expect(SnippetHTML.render("\u{E000}open") == "<mark>open</mark>")
        #expect(SnippetHTML.render("\u{E001}close") == "close")
    }
}

@Suite("Search tokenisation")
struct SearchTokenisationTests {
    @Test("addresses, URLs and punctuation split into the same words on both databases", arguments: TestDatabase.all)
    func sameWords(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let ticket = try await fixture.ticket(
                database, subject: "Order #A-1042 failed",
                body: "Write to billing@globex.example or see https://status.globex.example/incidents/77 (snake_case)")
            for text in ["billing@globex.example", "globex", "status globex incidents", "77", "a 1042", "A-1042",
                         "snake_case", "case"] {
                let hits = try await database.read { db in
                    try await SearchRepository().search(accountID: fixture.account.id, text: text, on: db)
                }
                #expect(hits.map(\.ticket.id) == [ticket.ticket.id], "query \(text)")
            }
            let misses = try await database.read { db in
                try await SearchRepository().search(
                    accountID: fixture.account.id, text: "billing@other.example", on: db)
            }
            #expect(misses.isEmpty)
        }
    }
}
