import SQLKit

/// PostgreSQL only: whether a search has a word rare enough that its newest matches are best collected through the
/// GIN index and sorted, judged by `ANALYZE`'s statistics of `search_documents.search_vector`.
///
/// Why: PostgreSQL estimates every word missing from the statistics' most-common list at 0.5% of the documents
/// (5,000 at a million tickets), however rare the word really is. With that estimate it plans "newest matches first"
/// as a walk down the ticket id index, testing each document — right for a common word, which meets enough matches
/// early, but ~180 ms for a word in one ticket; or, with parallel workers allowed, as a parallel bitmap scan that
/// spends ~7 ms starting its workers (`search_documents` has parallel scans turned off, M0013).
///
/// The choice: for a word matching `m` of `n` documents, the GIN path reads `m` rows and the walk about
/// `candidates × n / m`; they cost the same at `m = √(candidates × n)`. A word missing from the most-common list
/// matches fewer documents than the least common word of that list, so when that bound (least frequency × `n`)
/// is at most `√(candidates × n)`, every unlisted word is cheaper on the GIN path.
enum SearchWordFrequency {
    /// True when some word of `text` (as `plainto_tsquery('simple', text)` splits it) is missing from the index's
    /// most-common list and such words are known to match at most `√(candidates × documents)` documents. False
    /// otherwise, and when there are no statistics yet (nothing to judge by: the planner's own choice stands).
    static func anyRare(_ text: String, candidates: Int, on db: any SQLDatabase) async throws -> Bool {
        // most_common_elem_freqs holds one frequency per listed word, then the least and greatest of them.
        guard let row = try await db.raw("""
            SELECT bool_or(NOT (word = ANY (s.most_common_elems::text::text[]))) AS unlisted,
                   MIN(s.most_common_elem_freqs[array_length(s.most_common_elems::text::text[], 1) + 1])::float8
                       AS least_frequency,
                   MIN(c.reltuples)::float8 AS documents
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = 'search_vector'
            CROSS JOIN unnest(tsvector_to_array(to_tsvector('simple', \(bind: text)))) AS word
            WHERE c.oid = 'search_documents'::regclass AND s.most_common_elems IS NOT NULL
            """).first(),
            let unlisted = try row.decode(column: "unlisted", as: Bool?.self), unlisted,
            let leastFrequency = try row.decode(column: "least_frequency", as: Double?.self),
            let documents = try row.decode(column: "documents", as: Double?.self), documents > 0
        else { return false }
        return leastFrequency * documents <= (Double(candidates) * documents).squareRoot()
    }
}
