import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Query plans")
struct QueryPlanTests {
    /// The plan text of `sql` (SQLite `EXPLAIN QUERY PLAN`; PostgreSQL `EXPLAIN` with sequential scans and sorts
    /// discouraged, so the plan shows whether an index *can* serve the query whatever the table size).
    private func plan(_ sql: SQLQueryString, on database: Database) async throws -> String {
        try await database.write { db in
            if db.isPostgres {
                try await db.raw("SET LOCAL enable_seqscan = off").run()
                try await db.raw("SET LOCAL enable_sort = off").run()
                let rows = try await db.raw("EXPLAIN \(sql)").all()
                return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
            let rows = try await db.raw("EXPLAIN QUERY PLAN \(sql)").all()
            return try rows.map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
        }
    }

    @Test("every ticket list sort is served by an index, first page and after a cursor", arguments: TestDatabase.all)
    func listsUseIndexes(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            for _ in 0..<3 { _ = try await fixture.ticket(database) }
            for sort in TicketSort.allCases {
                let first = try await database.read { db in
                    try await TicketRepository().list(TicketQuery(sort: sort, limit: 1), accountID: fixture.account.id,
                                                      on: db)
                }
                for cursor in [nil, first.nextCursor] {
                    let query = TicketQuery(sort: sort, limit: 1, cursor: cursor)
                    let text = try await plan(try TicketRepository.listSQL(query, accountID: fixture.account.id),
                                              on: database)
                    if kind == .sqlite {
                        #expect(text.contains("INDEX ix_tickets_"), "\(sort.rawValue): \(text)")
                        #expect(!text.contains("TEMP B-TREE"), "\(sort.rawValue): \(text)")
                    } else {
                        #expect(text.contains("Index Scan"), "\(sort.rawValue): \(text)")
                        #expect(!text.contains("Sort"), "\(sort.rawValue): \(text)")
                    }
                }
            }
        }
    }

    @Test("events read their messages' previews by primary key", arguments: TestDatabase.all)
    func previewsReadMessagesByKey(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            for _ in 0..<3 { _ = try await fixture.ticket(database) }
            let group = try #require(StoredEventPayload.idGroups([1, 2, 3]).first)
            let text = try await plan(
                StoredEventPayload.messageTextsSQL(accountID: fixture.account.id, messageIDs: group), on: database)
            if kind == .sqlite {
                #expect(text.contains("INTEGER PRIMARY KEY"), "\(text)")
                #expect(!text.contains("ix_messages"), "\(text)")
            } else {
                #expect(text.contains("messages_pkey"), "\(text)")
            }
        }
    }

    @Test("the acknowledgement rate limit reads only the requester's tickets", arguments: TestDatabase.all)
    func automaticNoticeCountStartsFromTheRequester(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            for _ in 0..<3 { _ = try await fixture.ticket(database) }
            let sql = MessageRepository.countAutomaticNoticesSQL(
                accountID: fixture.account.id, requesterID: 1, since: Date(timeIntervalSince1970: 0))
            let text = try await plan(sql, on: database)
            if kind == .sqlite {
                #expect(text.contains("ix_tickets_requester_created"), "\(text)")
                // Every message of the account would be `ix_messages_ticket (account_id=?)` alone.
                #expect(text.contains("ix_messages_ticket (account_id=? AND ticket_id=?"), "\(text)")
                #expect(!text.contains("SCAN"), "\(text)")
            } else {
                // PostgreSQL's choice between the indexes depends on its statistics, not measurable on a few rows.
                #expect(!text.contains("Seq Scan"), "\(text)")
            }
        }
    }
}
