import SQLKit

/// PostgreSQL only: whether a search has a word outside the most common words of the search index, as
/// `ANALYZE` recorded them (`pg_stats.most_common_elems` of `search_documents.search_vector`).
///
/// Why: PostgreSQL estimates every word it has no statistics for at 0.5% of the documents (5,000 at a million
/// tickets), however rare the word really is. With that estimate it plans "newest matches first" as a walk down the
/// ticket id index, testing each document — right for a common word, which meets enough matches early, but ~180 ms
/// for a word in one ticket; or, with parallel workers allowed, as a parallel bitmap scan that spends ~7 ms starting
/// its workers. A word that is not among the most common ones matches few documents, so ``SearchRepository`` then
/// collects its matches through the GIN index and sorts them; `search_documents` has parallel scans turned off
/// (M0013).
enum SearchWordFrequency {
    /// True when some word of `text` (as `plainto_tsquery('simple', text)` splits it) is not among the index's most
    /// common words. False when every word is, or when there are no statistics yet (nothing to judge by: the
    /// planner's own choice stands).
    static func anyRare(_ text: String, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            SELECT COALESCE(bool_or(NOT (word = ANY (s.most_common_elems::text::text[]))), false) AS rare
            FROM pg_stats s, unnest(tsvector_to_array(to_tsvector('simple', \(bind: text)))) AS word
            WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents'
              AND s.attname = 'search_vector' AND s.most_common_elems IS NOT NULL
            """).first(decodingColumn: "rare", as: Bool.self) ?? false
    }
}
