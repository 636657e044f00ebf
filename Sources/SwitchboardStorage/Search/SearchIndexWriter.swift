import SQLKit

/// Keeps `search_documents` (subject + message texts of each ticket) current, inside the caller's transaction.
/// SQLite triggers mirror it into FTS5; PostgreSQL derives the `tsvector` column from it.
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
        try await db.raw("""
            INSERT INTO search_documents (ticket_id, account_id, subject, body)
            VALUES (\(bind: ticketID), \(bind: accountID), \(bind: clean(subject)), \(bind: body))
            """).run()
    }

    static func append(ticketID: Int64, text: String, on db: any SQLDatabase) async throws {
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
        try await db.raw("""
            UPDATE search_documents SET subject = \(bind: clean(subject)) WHERE ticket_id = \(bind: ticketID)
            """).run()
    }

    /// Moves the source's body to the end of the target's (a merge).
    static func moveBody(from sourceID: Int64, to targetID: Int64, on db: any SQLDatabase) async throws {
        guard let body = try await db.raw("SELECT body FROM search_documents WHERE ticket_id = \(bind: sourceID)")
            .first(decodingColumn: "body", as: String.self), !body.isEmpty
        else { return }
        try await append(ticketID: targetID, text: body, on: db)
        try await db.raw("UPDATE search_documents SET body = '' WHERE ticket_id = \(bind: sourceID)").run()
    }
}
