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
///
/// Ranking is bounded: the best `limit` hits among the newest `candidates` matching tickets (default
/// ``candidateLimit``). A rare word ranks all its matches; a word in half the tickets costs the same as one in two
/// thousand instead of scoring hundreds of thousands of rows (1.4 s on SQLite and 13 s on PostgreSQL at a million
/// tickets before the bound, see docs/performance.md). Older matches of a common word are found by adding words.
public struct SearchRepository: Sendable {
    /// How many of the newest matches are ranked.
    public static let candidateLimit = 2_000

    public init() {}

    /// Tickets matching every word of `text`, best first among the newest `candidates` matches, combined with the
    /// list filters of `filters` (its sort, limit and cursor are ignored). Text without any word returns no hits.
    public func search(
        accountID: Int64, text: String, filters: TicketQuery = TicketQuery(), limit: Int = 25,
        candidates: Int = SearchRepository.candidateLimit, on db: any SQLDatabase
    ) async throws -> [SearchHit] {
        let limit = try checkedLimit(limit)
        let query = SearchQuery(text)
        if query.isEmpty { return [] }
        let conditions = try TicketFilterSQL.conditions(filters)
        let candidates = max(limit, candidates)
        let start = String(SearchIndexWriter.markStart)
        let end = String(SearchIndexWriter.markEnd)
        let rows: [any SQLRow]
        if db.isPostgres {
            // Newest matches first. A rare word's matches are collected through the GIN index and sorted (`+ 0`
            // keeps the planner from walking the ticket id index instead, ~180 ms at 1M); a common word's are found
            // by that walk, which stops after `candidates` matches. See `SearchWordFrequency`.
            let rare = try await SearchWordFrequency.anyRare(query.plain, candidates: candidates, on: db)
            let newestFirst: SQLQueryString = rare ? "d.ticket_id + 0 DESC" : "d.ticket_id DESC"
            let options = "StartSel=\(start), StopSel=\(end), MaxWords=24, MinWords=8, MaxFragments=2, "
                + "FragmentDelimiter=\" … \""
            rows = try await db.raw("""
                SELECT \(TicketRepository.columns), ranked.score AS score,
                       ts_headline('simple', d.subject || ' — ' || d.body,
                                   plainto_tsquery('simple', \(bind: query.plain)), \(bind: options)) AS snippet
                FROM (
                    SELECT recent.ticket_id,
                           ts_rank(recent.search_vector, plainto_tsquery('simple', \(bind: query.plain)))::float8
                               AS score
                    FROM (
                        SELECT d.ticket_id, d.search_vector
                        FROM search_documents d JOIN tickets t ON t.id = d.ticket_id AND t.account_id = d.account_id
                        WHERE d.account_id = \(bind: accountID)
                          AND d.search_vector @@ plainto_tsquery('simple', \(bind: query.plain)) \(conditions)
                        ORDER BY \(newestFirst) LIMIT \(literal: candidates)
                    ) recent
                    ORDER BY score DESC, recent.ticket_id DESC LIMIT \(literal: limit)
                ) ranked
                JOIN tickets t ON t.id = ranked.ticket_id
                JOIN search_documents d ON d.ticket_id = ranked.ticket_id
                ORDER BY ranked.score DESC, t.id DESC
                """).all()
        } else {
            // Rank the newest `candidates` matches (FTS5 walks its doclist backwards by rowid and stops there),
            // then make snippets for the page only. The index is contentless (M0011), so the snippets are cut from
            // the page's documents, rebuilt from their subjects and messages.
            let ranked = try await db.raw("""
                SELECT id, score FROM (
                    SELECT \(SearchRowID.ticketIDColumn) AS id, -bm25(ticket_fts, 4.0, 1.0) AS score
                    FROM ticket_fts JOIN tickets t ON t.id = \(SearchRowID.ticketIDColumn)
                    WHERE ticket_fts MATCH \(bind: query.fts5) AND t.account_id = \(bind: accountID) \(conditions)
                    ORDER BY ticket_fts.rowid DESC LIMIT \(literal: candidates)
                ) ORDER BY score DESC, id DESC LIMIT \(literal: limit)
                """).all().map { row in
                    (try row.decode(column: "id", as: Int64.self), try row.decode(column: "score", as: Double.self))
                }
            if ranked.isEmpty { return [] }
            let ids = ranked.map(\.0)
            let details = try await db.raw("""
                SELECT \(TicketRepository.columns) FROM tickets t
                WHERE +t.account_id = \(bind: accountID) AND t.id IN (\(binds: ids))
                """).all()
            let documents = try await SearchDocument.rebuild(accountID: accountID, ticketIDs: ids, on: db)
            var byID: [Int64: Ticket] = [:]
            for row in details {
                let ticket = try TicketRepository.decode(row)
                byID[ticket.id] = ticket
            }
            return ranked.compactMap { id, score in
                guard let ticket = byID[id] else { return nil }
                let snippet = documents[id].map { SearchSnippet.make($0, terms: query.terms) } ?? ""
                return SearchHit(ticket: ticket, snippet: SnippetHTML.render(snippet), rank: score)
            }
        }
        return try rows.map { row in
            SearchHit(
                ticket: try TicketRepository.decode(row),
                snippet: SnippetHTML.render(try row.optional("snippet", as: String.self) ?? ""),
                rank: try row.decode(column: "score", as: Double.self))
        }
    }
}
