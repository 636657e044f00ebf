import SQLKit

/// PostgreSQL: no parallel scans of `search_documents`. A search reads at most a few thousand of its rows (the newest
/// matches, see ``SearchWordFrequency``); starting parallel workers for that cost ~7 ms of a rare-word search's ~9 ms
/// at a million tickets. Nothing on SQLite.
struct M0013_SerialSearchScans: Migration {
    let name = "M0013_SerialSearchScans"

    func prepare(on db: any SQLDatabase) async throws {
        guard db.isPostgres else { return }
        try await db.raw("ALTER TABLE search_documents SET (parallel_workers = 0)").run()
    }
}
