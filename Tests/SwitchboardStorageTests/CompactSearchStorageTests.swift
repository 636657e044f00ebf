import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// M0011: SQLite's contentless search index (no stored copy of the texts) and the partial external-id index keep
/// search, snippets, upgrades and the external-id conflict working on both databases.
@Suite("Compact search storage (M0011)")
struct CompactSearchStorageTests {
    @Test("an upgraded database keeps its tickets searchable and indexes new replies", arguments: TestDatabase.all)
    func upgradeKeepsSearch(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            let fixture = try await LegacyTicketRows.fixture(before: "M0011_CompactSearchStorage", in: database)
            let old = try await LegacyTicketRows.ticket(
                fixture, subject: "Quokka sighting", body: "A quokka ate my walnut.", on: database)
            try await database.write { db in
                guard !db.isPostgres else { return }
                // The pre-M0011 writer kept the document in search_documents (its triggers fed the old index).
                let document = SearchDocument(subject: old.ticket.subject, firstText: old.message.text)
                try await db.raw("""
                    INSERT INTO search_documents (ticket_id, account_id, subject, body)
                    VALUES (\(bind: old.ticket.id), \(bind: fixture.account.id), \(bind: document.subject),
                            \(bind: document.body))
                    """).run()
            }
            #expect(try await database.migrate(logger: TestEnvironment.logger).contains("M0011_CompactSearchStorage"))

            let accountID = fixture.account.id
            let hits = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "walnut", on: db)
            }
            #expect(hits.map(\.ticket.id) == [old.ticket.id])
            #expect(hits.first?.snippet.contains("<mark>walnut</mark>") == true)
            _ = try await database.write { db in
                try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: old.ticket.id,
                    NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                               text: "We will send a pistachio instead."),
                    actor: fixture.agentActor, on: db)
            }
            for word in ["pistachio", "walnut", "quokka"] {
                let found = try await database.read { db in
                    try await SearchRepository().search(accountID: accountID, text: word, on: db)
                }
                #expect(found.map(\.ticket.id) == [old.ticket.id], "\(word) after a reply")
            }
            if kind == .sqlite {
                let tables = try await database.read { db in
                    try await db.raw("SELECT name FROM sqlite_master WHERE name = 'search_documents'").all()
                }
                #expect(tables.isEmpty, "the stored copy of the documents is gone")
            }
        }
    }

    @Test("merging moves the source's words to the target and nothing is found twice", arguments: TestDatabase.all)
    func mergeReindexes(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let source = try await fixture.ticket(database, subject: "First", body: "The gazebo collapsed.")
            let target = try await fixture.ticket(database, subject: "Second", body: "Roof leaking again.")
            _ = try await database.write { db in
                try await TicketOperations().merge(
                    accountID: accountID, sourceID: source.ticket.id, into: target.ticket.id,
                    actor: fixture.agentActor, on: db)
            }
            let hits = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "gazebo", on: db)
            }
            #expect(hits.map(\.ticket.id) == [target.ticket.id])
            #expect(hits.first?.snippet.contains("<mark>gazebo</mark>") == true)
            // The source keeps its subject.
            #expect(try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "first", on: db)
            }.map(\.ticket.id) == [source.ticket.id])
        }
    }

    @Test("external ids stay unique per account; messages without one are not limited", arguments: TestDatabase.all)
    func externalIDStillUnique(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            for _ in 0..<3 { _ = try await fixture.ticket(database) }
            let new = NewTicket(
                accountID: fixture.account.id, subject: "Mail", body: "Body", channel: .email,
                inboxID: fixture.inbox.id, requester: RequesterDetails(name: "Casey", email: "c@example.org"),
                externalID: "<a@example.org>", actor: EventActor(kind: .contact, id: nil))
            _ = try await database.write { db in try await TicketOperations().create(new, on: db) }
            await expectError(.conflict, field: "external_id") {
                _ = try await database.write { db in
                    try await TicketOperations().create(new, on: db)
                }
            }
            // The index itself refuses a duplicate that bypasses the check.
            let accountID = fixture.account.id
            await expectError(.conflict, field: "external_id") {
                _ = try await database.write { db in
                    try await db.raw("""
                        UPDATE messages SET external_id = '<a@example.org>'
                        WHERE account_id = \(bind: accountID) AND external_id IS NULL
                        """).run()
                }
            }
        }
    }

    @Test("snippets mark every query word in the best window and say where text was left out")
    func snippetWindow() {
        let filler = (1...40).map { "word\($0)" }.joined(separator: " ")
        let document = SearchDocument(
            subject: "Refund request", texts: ["\(filler) the refund for order 77 \(filler)", "Thanks, Refund!"])
        let raw = SearchSnippet.make(document, terms: ["refund", "77"])
        let html = SnippetHTML.render(raw)
        #expect(html.contains("<mark>refund</mark>"))
        #expect(html.contains("<mark>77</mark>"))
        #expect(html.hasPrefix("…") && html.hasSuffix("…"))
        #expect(html.split(separator: " ").count <= SearchSnippet.maxTokens + 2)
        // A subject-only match shows the subject.
        #expect(SnippetHTML.render(SearchSnippet.make(document, terms: ["request"])) == "Refund <mark>request</mark>")
        // No match at all still gives text (the subject), never an empty snippet.
        #expect(!SearchSnippet.make(document, terms: ["zebra"]).isEmpty)
    }
}
