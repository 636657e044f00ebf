import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// M0014 and ``SearchRowID``: FTS5 rowids keep ticket order, map back to their tickets, and space out the tombstones
/// that replies on the newest tickets leave, so FTS5's tombstone lookups stay short.
@Suite("Spaced search rowids (M0014)")
struct SpacedSearchRowIDsTests {
    @Test("rowids grow with the ticket id and give the ticket id back")
    func rowidsKeepTicketOrder() {
        var previous = Int64.min
        for ticketID in Array(Int64(1)...5_000) + [1_000_000, 1_000_001, 123_456_789, (1 << 62) - 1] {
            let rowid = SearchRowID.of(ticketID: ticketID)
            #expect(rowid > previous, "ticket \(ticketID)")
            #expect(SearchRowID.ticketID(of: rowid) == ticketID)
            previous = rowid
        }
    }

    /// FTS5's tombstone hash (sqlite3.c, `fts5IndexTombstoneAdd` and `…Rebuild`): page `rowid % pages`, slot
    /// `(rowid / pages) % slots`, linear probing, at most half the slots of a page used before the hash grows to
    /// `2 × pages + 1` pages of 4,042 / key-size slots (one page of 32 slots at first, grown while it holds few keys).
    /// Returns the average number of slots a lookup of a rowid that is not deleted reads, over `scanned`.
    static func averageProbes(deleted: [Int64], scanned: [Int64]) -> Double {
        let keySize = deleted.contains { $0 > 0xFFFF_FFFF } ? 8 : 4
        let slotsPerPage = (4_050 - 8) / keySize
        var pageCount = 0
        var slotCount = 0
        var pages: [[Int64]] = []
        var counts: [Int] = []
        func place(_ rowid: Int64) {
            let page = Int(rowid % Int64(pageCount))
            var slot = Int((rowid / Int64(pageCount)) % Int64(slotCount))
            while pages[page][slot] != 0 { slot = (slot + 1) % slotCount }
            pages[page][slot] = rowid
            counts[page] += 1
        }
        var stored: [Int64] = []
        for rowid in deleted {
            if pageCount > 0, counts[Int(rowid % Int64(pageCount))] < slotCount / 2 {
                place(rowid)
                stored.append(rowid)
                continue
            }
            if pageCount == 0 {
                (pageCount, slotCount) = (1, 32)
            } else if pageCount == 1, stored.count <= slotsPerPage / 4 {
                slotCount = max(stored.count * 4, 32)
            } else {
                (pageCount, slotCount) = (pageCount * 2 + 1, slotsPerPage)
            }
            pages = Array(repeating: Array(repeating: 0, count: slotCount), count: pageCount)
            counts = Array(repeating: 0, count: pageCount)
            stored.append(rowid)
            for key in stored { place(key) }
        }
        let deletedSet = Set(deleted)
        var probes = 0
        var lookups = 0
        for rowid in scanned where !deletedSet.contains(rowid) {
            let page = Int(rowid % Int64(pageCount))
            var slot = Int((rowid / Int64(pageCount)) % Int64(slotCount))
            probes += 1
            while pages[page][slot] != 0 {
                slot = (slot + 1) % slotCount
                probes += 1
            }
            lookups += 1
        }
        return Double(probes) / Double(lookups)
    }

    @Test("replies on the newest tickets leave tombstones that lookups pass quickly")
    func tombstonesSpacedOut() {
        // A segment holding tickets 1…20,000, of which the newest 1,463 were replied to (the case measured at 1M),
        // or an irregular half of the newest 3,000 (the top bit of a multiplicative hash of the id).
        let tickets = Array(Int64(1)...20_000)
        // Only one contiguous run of tombstones is slow with ticket ids as rowids.
        let patterns: [(name: String, replied: [Int64], slowAsTicketIDs: Bool)] = [
            ("the newest 1,463", Array(tickets.suffix(1_463)), true),
            ("half of the newest 3,000",
             tickets.suffix(3_000).filter { (UInt64($0) &* 0x9E37_79B9_7F4A_7C15) >> 63 == 0 }, false),
        ]
        for (name, replied, slowAsTicketIDs) in patterns {
            let asTicketIDs = Self.averageProbes(deleted: replied, scanned: tickets)
            let spaced = Self.averageProbes(
                deleted: replied.map { SearchRowID.of(ticketID: $0) },
                scanned: tickets.map { SearchRowID.of(ticketID: $0) })
            #expect(spaced < 3, "\(name), SearchRowID: \(spaced) slots per lookup")
            if slowAsTicketIDs {
                #expect(asTicketIDs > 50, "\(name), ticket ids as rowids: \(asTicketIDs) slots per lookup")
            }
        }
    }

    @Test("an upgraded database keeps its tickets searchable under the new rowids", arguments: TestDatabase.all)
    func upgradeRebuildsIndex(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind, migrate: false) { database in
            try await database.migrate(upTo: "M0014_SpacedSearchRowIDs")
            let fixture = try await Fixture.make(database)
            let neighbour = try await Fixture.make(database, name: "Neighbour")
            var legacy: [Ticket] = []
            var theirs: [Ticket] = []
            // The two accounts' tickets interleave, so the migration's batches hold both.
            for (index, (subject, body)) in [("Wombat burrow", "The wombat dug under the fence."),
                                             ("Wombat diet", "Our wombat eats grass."),
                                             ("Echidna visit", "An echidna and a wombat met at the gate.")]
                .enumerated() {
                let owner = index == 1 ? neighbour : fixture
                let created = try await owner.ticket(database, subject: subject, body: body)
                try await database.write { db in
                    guard !db.isPostgres else { return }
                    // Before M0014 the entry's rowid was the ticket id.
                    let document = SearchDocument(subject: subject, firstText: body)
                    try await db.raw("""
                        DELETE FROM ticket_fts WHERE rowid = \(bind: SearchRowID.of(ticketID: created.ticket.id))
                        """).run()
                    try await db.raw("""
                        INSERT INTO ticket_fts (rowid, subject, body)
                        VALUES (\(bind: created.ticket.id), \(bind: document.subject), \(bind: document.body))
                        """).run()
                }
                if index == 1 { theirs.append(created.ticket) } else { legacy.append(created.ticket) }
            }
            let old = legacy
            let neighbours = theirs
            #expect(try await database.migrate(logger: TestEnvironment.logger)
                .contains("M0014_SpacedSearchRowIDs"))

            let accountID = fixture.account.id
            func search(_ text: String) async throws -> [Int64] {
                try await database.read { db in
                    try await SearchRepository().search(accountID: accountID, text: text, on: db)
                }.map(\.ticket.id)
            }
            #expect(Set(try await search("wombat")) == Set(old.map(\.id)))
            let neighbourHits = try await database.read { db in
                try await SearchRepository().search(accountID: neighbour.account.id, text: "wombat", on: db)
            }.map(\.ticket.id)
            #expect(neighbourHits == neighbours.map(\.id))
            #expect(try await search("echidna") == [old[1].id])
            _ = try await database.write { db in
                try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: old[0].id,
                    NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                               text: "A platypus will inspect the fence."),
                    actor: fixture.agentActor, on: db)
            }
            #expect(try await search("platypus") == [old[0].id])
            #expect(try await search("fence") == [old[0].id])
            if kind == .sqlite {
                let rowids = try await database.read { db in
                    try await db.raw("""
                        SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH 'wombat OR echidna' ORDER BY rowid
                        """).all(decodingColumn: "rowid", as: Int64.self)
                }
                let all = (old + neighbours).map(\.id).sorted()
                #expect(rowids == all.map { SearchRowID.of(ticketID: $0) }, "one entry per ticket, new rowids")
            }
        }
    }
}
