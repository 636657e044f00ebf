import SQLKit

/// The full-text search document of each ticket (subject + message texts) and its index: an FTS5 external-content
/// table kept current by triggers on SQLite; a generated `tsvector` column with a GIN index on PostgreSQL.
struct M0004_CreateSearchIndex: Migration {
    let name = "M0004_CreateSearchIndex"

    func prepare(on db: any SQLDatabase) async throws {
        let create = db.create(table: "search_documents")
        if db.isPostgres {
            create.column("ticket_id", type: .bigint, .primaryKey(autoIncrement: false),
                          .references("tickets", "id", onDelete: .cascade))
        } else {
            // INTEGER PRIMARY KEY is the rowid, which FTS5's content_rowid needs.
            create.column(SQLIdentifier("ticket_id"), type: SQLRaw("INTEGER"), SQLRaw("PRIMARY KEY"),
                          SQLRaw("REFERENCES \"tickets\" (\"id\") ON DELETE CASCADE"))
        }
        try await create
            .accountColumn()
            .column("subject", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .run()
        try await db.createIndex("ix_search_documents_account", on: "search_documents", "account_id")
        for statement in db.isPostgres ? SearchIndexDDL.postgres : SearchIndexDDL.sqlite {
            try await db.raw(statement).run()
        }
    }
}

/// The dialect-specific statements of the search index, kept in one place.
enum SearchIndexDDL {
    // PostgreSQL: the `simple` configuration (no stemming) over text whose non-alphanumeric runs are replaced by
    // spaces, so words split exactly as SQLite's `unicode61` tokenizer splits them (`user@example.com` is three
    // words on both) and as `SearchQuery` splits the user's text.

    static let sqlite: [SQLQueryString] = [
        """
        CREATE VIRTUAL TABLE ticket_fts USING fts5(
            subject, body, content='search_documents', content_rowid='ticket_id',
            tokenize='unicode61 remove_diacritics 0')
        """,
        """
        CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
            INSERT INTO ticket_fts(rowid, subject, body) VALUES (new.ticket_id, new.subject, new.body);
        END
        """,
        """
        CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
            INSERT INTO ticket_fts(ticket_fts, rowid, subject, body)
                VALUES ('delete', old.ticket_id, old.subject, old.body);
        END
        """,
        """
        CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
            INSERT INTO ticket_fts(ticket_fts, rowid, subject, body)
                VALUES ('delete', old.ticket_id, old.subject, old.body);
            INSERT INTO ticket_fts(rowid, subject, body) VALUES (new.ticket_id, new.subject, new.body);
        END
        """,
    ]

    static let postgres: [SQLQueryString] = [
        """
        ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', regexp_replace(subject, '[^[:alnum:]]+', ' ', 'g')), 'A')
            || setweight(to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g')), 'B')
        ) STORED
        """,
        "CREATE INDEX ix_search_documents_vector ON search_documents USING GIN (search_vector)",
    ]
}
