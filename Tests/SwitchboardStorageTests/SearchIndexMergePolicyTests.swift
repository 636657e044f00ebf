import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// M0015: SQLite's search index merges 16 segments per level (64 at once), and a search still finds every ticket
/// written in transactions of its own, each of which leaves a segment.
@Suite("Search index merge policy (M0015)")
struct SearchIndexMergePolicyTests {
    @Test("the index keeps its merge settings and finds every ticket written one transaction at a time",
          arguments: TestDatabase.all)
    func segmentsStaySearchable(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            if kind == .sqlite {
                let settings = try await database.read { db in
                    try await db.raw("SELECT k, v FROM ticket_fts_config WHERE k IN ('automerge', 'crisismerge')")
                        .all()
                        .reduce(into: [String: Int]()) { settings, row in
                            settings[try row.decode(column: "k", as: String.self)] =
                                try row.decode(column: "v", as: Int.self)
                        }
                }
                #expect(settings == [
                    "automerge": M0015_SearchIndexMergePolicy.automerge,
                    "crisismerge": M0015_SearchIndexMergePolicy.crisismerge,
                ])
            }
            let fixture = try await Fixture.make(database)
            // 70 single-ticket transactions, a segment each: FTS5 merges level 0 while they are written.
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            let words = (0..<70).map { "numbat" + String([letters[$0 / 26], letters[$0 % 26]]) }
            var ids: [String: Int64] = [:]
            for word in words {
                let created = try await fixture.ticket(
                    database, subject: "Delivery question", body: "Where is my \(word) parcel?")
                ids[word] = created.ticket.id
            }
            let accountID = fixture.account.id
            func search(_ text: String) async throws -> Set<Int64> {
                Set(try await database.read { db in
                    try await SearchRepository().search(accountID: accountID, text: text, limit: 100, on: db)
                }.map(\.ticket.id))
            }
            for word in words {
                #expect(try await search(word) == [ids[word]!], "\(word)")
            }
            #expect(try await search("parcel") == Set(ids.values))
            if kind == .sqlite {
                // One row per leaf page of each segment: fewer segments than transactions means FTS5 merged.
                let segments = try await database.read { db in
                    try await db.raw("SELECT count(DISTINCT segid) AS n FROM ticket_fts_idx").first()?
                        .decode(column: "n", as: Int.self)
                }
                #expect((1..<words.count).contains(segments ?? 0), "\(segments ?? 0) segments")
                // FTS5 checks its segments and their doclists (a contentless table has no text to compare).
                try await database.write { db in
                    try await db.raw("INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('integrity-check', 0)").run()
                }
            }
        }
    }
}
