import Foundation
import SQLKit
import SwitchboardCore

/// One search result: the ticket, an HTML snippet (matches in `<mark>`, everything else escaped) and its rank
/// (higher is better; comparable only within one result list).
public struct SearchHit: Sendable, Equatable {
    public var ticket: Ticket
    public var snippet: String
    public var rank: Double

    public init(ticket: Ticket, snippet: String, rank: Double) {
        self.ticket = ticket
        self.snippet = snippet
        self.rank = rank
    }
}

/// Full-text search over ticket subjects and messages: SQLite FTS5 (bm25, snippet) or PostgreSQL tsvector + GIN
/// (ts_rank, ts_headline). Any user text is searched literally, never as query syntax.
public struct SearchRepository: Sendable {
    public init() {}

    /// Tickets matching every word of `text`, best first, combined with the list filters of `filters`
    /// (its sort, limit and cursor are ignored). Text without any word returns no hits.
    public func search(
        accountID: Int64, text: String, filters: TicketQuery = TicketQuery(), limit: Int = 25, on db: any SQLDatabase
    ) async throws -> [SearchHit] {
        let limit = try checkedLimit(limit)
        let query = SearchQuery(text)
        if query.isEmpty { return [] }
        let conditions = try TicketFilterSQL.conditions(filters)
        let start = String(SearchIndexWriter.markStart)
        let end = String(SearchIndexWriter.markEnd)
        let rows: [any SQLRow]
        if db.isPostgres {
            let options = "StartSel=\(start), StopSel=\(end), MaxWords=24, MinWords=8, MaxFragments=2, "
                + "FragmentDelimiter=\" … \""
            rows = try await db.raw("""
                SELECT \(TicketRepository.columns), ranked.score AS score,
                       ts_headline('simple', d.subject || ' — ' || d.body,
                                   plainto_tsquery('simple', \(bind: query.plain)), \(bind: options)) AS snippet
                FROM (
                    SELECT d.ticket_id,
                           ts_rank(d.search_vector, plainto_tsquery('simple', \(bind: query.plain)))::float8 AS score
                    FROM search_documents d JOIN tickets t ON t.id = d.ticket_id AND t.account_id = d.account_id
                    WHERE d.account_id = \(bind: accountID)
                      AND d.search_vector @@ plainto_tsquery('simple', \(bind: query.plain)) \(conditions)
                    ORDER BY score DESC, t.id DESC LIMIT \(literal: limit)
                ) ranked
                JOIN tickets t ON t.id = ranked.ticket_id
                JOIN search_documents d ON d.ticket_id = ranked.ticket_id
                ORDER BY ranked.score DESC, t.id DESC
                """).all()
        } else {
            rows = try await db.raw("""
                SELECT \(TicketRepository.columns), -bm25(ticket_fts, 4.0, 1.0) AS score,
                       snippet(ticket_fts, -1, \(bind: start), \(bind: end), '…', 24) AS snippet
                FROM ticket_fts JOIN tickets t ON t.id = ticket_fts.rowid
                WHERE ticket_fts MATCH \(bind: query.fts5) AND t.account_id = \(bind: accountID) \(conditions)
                ORDER BY score DESC, t.id DESC LIMIT \(literal: limit)
                """).all()
        }
        return try rows.map { row in
            SearchHit(
                ticket: try TicketRepository.decode(row),
                snippet: SnippetHTML.render(try row.optional("snippet", as: String.self) ?? ""),
                rank: try row.decode(column: "score", as: Double.self))
        }
    }
}
