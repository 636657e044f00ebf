import SQLKit
import SwitchboardCore

/// Keeps each ticket's search entry (its ``SearchDocument``: subject + message texts) current, inside the caller's
/// transaction. PostgreSQL stores the document in `search_documents` and derives the `tsvector` column from it.
/// SQLite writes it straight into the contentless FTS5 table `ticket_fts` (M0011; no stored copy of the text): a
/// change deletes the ticket's entry and inserts the document rebuilt from the ticket's subject and messages.
enum SearchIndexWriter {
    /// Largest body indexed per ticket, in UTF-8 bytes. PostgreSQL refuses a tsvector over 1 MB ("string is too
    /// long for tsvector"), and text of many distinct short words can need about twice its own size there; a
    /// character limit let 4-byte characters and merged bodies past it (a 500 found by fuzzing a merge).
    static let maxBodyBytes = 256_000
    /// Largest piece of one message added to the index, in UTF-8 bytes.
    static let maxPieceBytes = 64_000

    /// The markers snippets use around matches; removed from indexed text so they cannot be forged.
    static let markStart: Character = "\u{E000}"
    static let markEnd: Character = "\u{E001}"

    /// `text` without NUL and without the snippet markers.
    static func clean(_ text: String) -> String {
        // Fast path: NUL is byte 0 and both markers start with byte 0xEE in UTF-8; text without those bytes has
        // nothing to remove (and no grapheme walk is needed to know it).
        guard text.utf8.contains(where: { $0 == 0 || $0 == 0xEE }) else { return text }
        guard text.contains(where: { $0 == markStart || $0 == markEnd || $0 == "\0" }) else { return text }
        return String(text.filter { $0 != markStart && $0 != markEnd && $0 != "\0" })
    }

    /// `clean(text)` cut to at most `maxPieceBytes` UTF-8 bytes (on a character boundary): what one message adds.
    static func piece(_ text: String) -> String {
        let cleaned = clean(text)
        if cleaned.utf8.count <= maxPieceBytes { return cleaned }
        var bytes = 0
        var end = cleaned.startIndex
        for index in cleaned.indices {
            let size = cleaned[index...].first.map { String($0).utf8.count } ?? 0
            if bytes + size > maxPieceBytes { break }
            bytes += size
            end = cleaned.index(after: index)
        }
        return String(cleaned[..<end])
    }

    /// The SQL expression of a text column's size in bytes on `db`.
    static func byteLength(_ column: String, on db: any SQLDatabase) -> SQLQueryString {
        db.isPostgres ? "octet_length(\(ident: column))" : "length(CAST(\(ident: column) AS BLOB))"
    }

    static func insert(
        accountID: Int64, ticketID: Int64, subject: String, body: String, on db: any SQLDatabase
    ) async throws {
        let body = piece(body)
        guard db.isPostgres else {
            let subject = clean(subject)
            return try await sqliteIndex(ticketID: ticketID, on: db) { db in
                try await db.run("""
                    INSERT INTO ticket_fts (rowid, subject, body)
                    VALUES (\(bind: SearchRowID.of(ticketID: ticketID)), \(bind: subject), \(bind: body))
                    """)
            }
        }
        try await db.run("""
            INSERT INTO search_documents (ticket_id, account_id, subject, body)
            VALUES (\(bind: ticketID), \(bind: accountID), \(bind: clean(subject)), \(bind: body))
            """)
    }

    /// Adds a new message's `text` to the document of `ticket` (already saved with its new state).
    static func append(_ ticket: Ticket, text: String, on db: any SQLDatabase) async throws {
        guard db.isPostgres else {
            return try await reindex(ticketID: ticket.id, known: (ticket.accountID, ticket.subject), on: db)
        }
        try await appendStored(ticketID: ticket.id, text: text, on: db)
    }

    /// PostgreSQL: appends `text` to the stored document of `ticketID`.
    private static func appendStored(ticketID: Int64, text: String, on db: any SQLDatabase) async throws {
        let addition = "\n" + piece(text)
        // Appended only while the whole body stays within maxBodyBytes; later text is not indexed.
        try await db.raw("""
            UPDATE search_documents
            SET body = CASE WHEN \(byteLength("body", on: db)) + \(literal: addition.utf8.count) <= \(literal: maxBodyBytes)
                            THEN body || \(bind: addition) ELSE body END
            WHERE ticket_id = \(bind: ticketID)
            """).run()
    }

    static func setSubject(ticketID: Int64, subject: String, on db: any SQLDatabase) async throws {
        guard db.isPostgres else { return try await reindex(ticketID: ticketID, on: db) }
        try await db.raw("""
            UPDATE search_documents SET subject = \(bind: clean(subject)) WHERE ticket_id = \(bind: ticketID)
            """).run()
    }

    /// Moves the source's body to the end of the target's (a merge).
    /// On SQLite, where documents are rebuilt from the messages (already moved by the merge), both are reindexed.
    static func moveBody(from sourceID: Int64, to targetID: Int64, on db: any SQLDatabase) async throws {
        guard db.isPostgres else {
            try await reindex(ticketID: sourceID, on: db)
            try await reindex(ticketID: targetID, on: db)
            return
        }
        guard let body = try await db.raw("SELECT body FROM search_documents WHERE ticket_id = \(bind: sourceID)")
            .first(decodingColumn: "body", as: String.self), !body.isEmpty
        else { return }
        try await appendStored(ticketID: targetID, text: body, on: db)
        try await db.raw("UPDATE search_documents SET body = '' WHERE ticket_id = \(bind: sourceID)").run()
    }

    /// SQLite: replaces the ticket's FTS5 entry with its document rebuilt from `tickets` and `messages` (removes the
    /// entry when the ticket no longer exists). `ticket_fts` is contentless with `contentless_delete=1`, so an entry
    /// is deleted by rowid alone (``SearchRowID``).
    /// `known` (account and current subject) saves reading the ticket row when the caller has it.
    static func reindex(
        ticketID: Int64, known: (accountID: Int64, subject: String)? = nil, on db: any SQLDatabase
    ) async throws {
        try await sqliteIndex(ticketID: ticketID, on: db) { db in
            try await rebuild(ticketID: ticketID, known: known, on: db)
        }
    }

    /// SQLite: runs `write` (the ticket's new FTS5 entry) at once, or, inside a group commit, registers it to run
    /// before the commit (``DeferredWrites``; FTS5 flushes at every savepoint). The latest registration for a ticket
    /// wins: a create followed by a reply in the same batch indexes the ticket once, rebuilt after both.
    private static func sqliteIndex(
        ticketID: Int64, on db: any SQLDatabase, _ write: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        guard let deferred = DeferredWrites.current else { return try await write(db) }
        deferred.register(key: "ticket_fts:\(ticketID)", write)
    }

    private static func rebuild(
        ticketID: Int64, known: (accountID: Int64, subject: String)?, on db: any SQLDatabase
    ) async throws {
        try await db.raw("DELETE FROM ticket_fts WHERE rowid = \(bind: SearchRowID.of(ticketID: ticketID))").run()
        var owner = known
        if owner == nil,
           let row = try await db.raw("SELECT account_id, subject FROM tickets WHERE id = \(bind: ticketID)").first()
        {
            owner = (try row.decode(column: "account_id", as: Int64.self),
                     try row.decode(column: "subject", as: String.self))
        }
        guard let (accountID, subject) = owner else { return }
        let texts = try await SearchDocument.messageTexts(accountID: accountID, ticketIDs: [ticketID], on: db)
        let document = SearchDocument(subject: subject, texts: texts[ticketID] ?? [])
        try await db.raw("""
            INSERT INTO ticket_fts (rowid, subject, body)
            VALUES (\(bind: SearchRowID.of(ticketID: ticketID)), \(bind: document.subject), \(bind: document.body))
            """).run()
    }
}
