import SQLKit

/// Makes the SQLite file smaller (issue 5: under 2.5 GB at a million tickets) without losing behaviour.
///
/// - SQLite: the FTS5 index becomes contentless (`content=''`, `contentless_delete=1`, SQLite ≥ 3.43) and
///   `search_documents` — a second copy of every message text, 16% of the file at 1M tickets — is dropped. Entries
///   are written by ``SearchIndexWriter`` from the ticket's subject and messages (``SearchDocument``); snippets are
///   cut from the same rebuilt text (``SearchSnippet``). The index is filled from the old documents, so existing
///   tickets stay searchable; the space is reused by new rows (run `VACUUM` to give it back to the file system).
/// - Both databases: `uq_messages_external_id` covers only the rows that have an external id (most have none), so
///   the NULLs no longer fill an index; lookups by external id (`external_id = ?`) still use it, and the
///   constraint keeps its name for the conflict mapping.
///
/// PostgreSQL keeps `search_documents`: its `tsvector` column is generated from the stored text.
struct M0011_CompactSearchStorage: Migration {
    let name = "M0011_CompactSearchStorage"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.raw("DROP INDEX uq_messages_external_id").run()
        try await db.raw("""
            CREATE UNIQUE INDEX uq_messages_external_id ON messages (account_id, external_id)
            WHERE external_id IS NOT NULL
            """).run()
        guard !db.isPostgres else { return }
        for statement in Self.sqlite {
            try await db.raw(statement).run()
        }
    }

    static let sqlite: [SQLQueryString] = [
        "DROP TRIGGER search_documents_ai",
        "DROP TRIGGER search_documents_ad",
        "DROP TRIGGER search_documents_au",
        "DROP TABLE ticket_fts",
        """
        CREATE VIRTUAL TABLE ticket_fts USING fts5(
            subject, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')
        """,
        """
        INSERT INTO ticket_fts (rowid, subject, body)
        SELECT ticket_id, subject, body FROM search_documents ORDER BY ticket_id
        """,
        "DROP TABLE search_documents",
    ]
}
