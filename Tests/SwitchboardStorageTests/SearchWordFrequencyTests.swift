import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// PostgreSQL: a search tells rare words from common ones by `ANALYZE`'s statistics, and both ways of collecting
/// the newest matches find the same tickets.
@Suite("Search word frequency (PostgreSQL)")
struct SearchWordFrequencyTests {
    @Test("common and rare words are told apart after ANALYZE, and both find their tickets")
    func rareAndCommon() async throws {
        try await withTestDatabase(.postgres) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            var tickets: [Ticket] = []
            for index in 0..<40 {
                let body = index == 7 ? "My invoice mentions zanzibar twice" : "My invoice number \(index) is wrong"
                tickets.append(try await fixture.ticket(
                    database, subject: "Invoice question", body: body, email: "c\(index)@example.org").ticket)
            }
            func anyRare(_ text: String) async throws -> Bool {
                try await database.read { db in
                    try await SearchWordFrequency.anyRare(text, candidates: 2_000, on: db)
                }
            }
            // Before statistics exist nothing is judged rare: the planner's own choice stands.
            #expect(try await anyRare("zanzibar") == false)

            // Forty tickets have fewer distinct words than the statistics keep by default (every word would be
            // "common"); a target of 1 keeps about the ten most common, as a large index keeps only its top words.
            try await database.write { db in
                try await db.raw("ALTER TABLE search_documents ALTER COLUMN search_vector SET STATISTICS 1").run()
                try await db.raw("ANALYZE search_documents").run()
            }
            #expect(try await anyRare("invoice") == false)
            #expect(try await anyRare("Invoice QUESTION") == false)
            #expect(try await anyRare("zanzibar") == true)
            #expect(try await anyRare("invoice zanzibar") == true)
            #expect(try await anyRare("") == false)

            func search(_ text: String) async throws -> [Int64] {
                try await database.read { db in
                    try await SearchRepository().search(accountID: accountID, text: text, limit: 100, on: db)
                }.map(\.ticket.id).sorted()
            }
            #expect(try await search("zanzibar") == [tickets[7].id])
            #expect(try await search("invoice zanzibar") == [tickets[7].id])
            #expect(try await search("invoice") == tickets.map(\.id).sorted())
            // With few candidates, the newest matches are the ones ranked, on both paths.
            let newest = try await database.read { db in
                try await SearchRepository().search(accountID: accountID, text: "invoice", limit: 5, candidates: 5,
                                                    on: db)
            }
            #expect(Set(newest.map(\.ticket.id)) == Set(tickets.suffix(5).map(\.id)))
        }
    }

    @Test("an unlisted word takes the GIN path only while unlisted words are known to match few documents")
    func boundOnUnlistedWords() async throws {
        try await withTestDatabase(.postgres) { database in
            let fixture = try await Fixture.make(database)
            let common = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima"
            for index in 0..<40 {
                _ = try await fixture.ticket(
                    database, subject: "Question", body: index == 7 ? "\(common) zanzibar" : common,
                    email: "b\(index)@example.org")
            }
            // A target of 1 lists about ten words: here words in every document, so an unlisted word is only
            // known to match fewer than all 40.
            try await database.write { db in
                try await db.raw("ALTER TABLE search_documents ALTER COLUMN search_vector SET STATISTICS 1").run()
                try await db.raw("ANALYZE search_documents").run()
            }
            func anyRare(_ text: String, candidates: Int) async throws -> Bool {
                try await database.read { db in
                    try await SearchWordFrequency.anyRare(text, candidates: candidates, on: db)
                }
            }
            // 40 ≤ √(2000 × 40) ≈ 283: the GIN path. 40 > √(10 × 40) = 20: the planner's choice.
            #expect(try await anyRare("zanzibar", candidates: 2_000) == true)
            #expect(try await anyRare("zanzibar", candidates: 10) == false)
        }
    }
}
