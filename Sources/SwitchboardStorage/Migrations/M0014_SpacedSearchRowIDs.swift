import SQLKit

/// SQLite: `ticket_fts` entries get the rowids of ``SearchRowID`` (twice the ticket id) instead of the ticket id, so
/// tombstones left by replies on the newest tickets no longer slow every search (see there). A contentless FTS5 table
/// cannot renumber its rows, and it holds no text, so the index is rebuilt from every ticket's subject and messages
/// (``SearchDocument``), in ticket order, ``batchSize`` tickets per read. This reads every message once: 75 s and
/// 506 MB peak RSS for a million tickets on the 2-core bench machine, measured with an earlier form of the rowids
/// that differed only in their values (docs/performance.md, session 8), spent at the first start after the upgrade.
/// Nothing on PostgreSQL.
struct M0014_SpacedSearchRowIDs: Migration {
    let name = "M0014_SpacedSearchRowIDs"
    /// Tickets whose documents are rebuilt per round.
    static let batchSize = 500

    func prepare(on db: any SQLDatabase) async throws {
        guard !db.isPostgres else { return }
        try await db.raw("DROP TABLE ticket_fts").run()
        try await db.raw("""
            CREATE VIRTUAL TABLE ticket_fts USING fts5(
                subject, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')
            """).run()
        var after: Int64 = 0
        while true {
            let rows = try await db.raw("""
                SELECT id, account_id FROM tickets WHERE id > \(bind: after) ORDER BY id LIMIT \(literal: Self.batchSize)
                """).all()
            guard let last = rows.last else { return }
            after = try last.decode(column: "id", as: Int64.self)
            var byAccount: [Int64: [Int64]] = [:]
            var order: [Int64] = []
            for row in rows {
                let ticketID = try row.decode(column: "id", as: Int64.self)
                byAccount[try row.decode(column: "account_id", as: Int64.self), default: []].append(ticketID)
                order.append(ticketID)
            }
            var documents: [Int64: SearchDocument] = [:]
            for (accountID, ticketIDs) in byAccount {
                documents.merge(
                    try await SearchDocument.rebuild(accountID: accountID, ticketIDs: ticketIDs, on: db)
                ) { first, _ in first }
            }
            // In rowid order: FTS5 starts a new segment whenever a rowid is lower than the one written before.
            for ticketID in order {
                guard let document = documents[ticketID] else { continue }
                try await db.raw("""
                    INSERT INTO ticket_fts (rowid, subject, body)
                    VALUES (\(bind: SearchRowID.of(ticketID: ticketID)), \(bind: document.subject),
                            \(bind: document.body))
                    """).run()
            }
        }
    }
}
