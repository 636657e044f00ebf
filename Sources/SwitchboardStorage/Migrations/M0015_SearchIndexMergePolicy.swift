import SQLKit

/// SQLite: `ticket_fts` merges its segments less often. FTS5 writes each transaction's new words as a small segment
/// and, once ``automerge`` segments sit on one level (FTS5's default is 4), merges them into one on the next level, in
/// quotas of pages that fall due as new leaf pages are written; every indexed word is rewritten once per level. With 16
/// per level a word passes half as many levels. At 1M tickets with one create per transaction, FTS5's merging was 34.5%
/// of the writing process's CPU samples, and transactions over 10 ms (one in 50) took 61–68% of the writer's time; with
/// 16, 25–30%, and creates went from 666 to 1,083/s (docs/performance.md, "Session 13"; at 64 concurrent creates the
/// effect was not settled there). A search reads up to 15 segments per level instead of 3.
///
/// ``crisismerge`` (FTS5's default is 16) is the count of level-0 segments at which FTS5 stops merging bit by bit and
/// merges the level at once, inside the commit that reached it; it stays above ``automerge``, as FTS5's defaults do.
/// Nothing on PostgreSQL.
struct M0015_SearchIndexMergePolicy: Migration {
    let name = "M0015_SearchIndexMergePolicy"
    /// Segments of one level that FTS5 merges bit by bit (FTS5's `automerge`, at most 64).
    static let automerge = 16
    /// Level-0 segments at which FTS5 merges the level at once (FTS5's `crisismerge`).
    static let crisismerge = 64

    func prepare(on db: any SQLDatabase) async throws {
        guard !db.isPostgres else { return }
        for (option, value) in [("automerge", Self.automerge), ("crisismerge", Self.crisismerge)] {
            try await db.raw("INSERT INTO ticket_fts (ticket_fts, rank) VALUES (\(literal: option), \(literal: value))")
                .run()
        }
    }
}
