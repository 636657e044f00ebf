import SQLKit

/// Keeps `search_documents` (subject + message texts of each ticket) current, inside the caller's transaction.
/// SQLite triggers mirror it into FTS5; PostgreSQL derives the `tsvector` column from it.
enum SearchIndexWriter {
    /// Longest body indexed per ticket, in characters (PostgreSQL's tsvector has a size limit).
    static let maxBodyCharacters = 400_000
    /// Longest piece of one message added to the index.
    static let maxPieceCharacters = 100_000

    /// The markers snippets use around matches; removed from indexed text so they cannot be forged.
    static let markStart: Character = "\u{E000}"
    static let markEnd: Character = "\u{E001}"

    /// `text` without NUL and without the snippet markers.
    static func clean(_ text: String) -> String {
        guard text.contains(where: { $0 == markStart || $0 == markEnd || $0 == "\0" }) else { return text }
        return String(text.filter { $0 != markStart && $0 != markEnd && $0 != "\0" })
    }

    static func insert(
        accountID: Int64, ticketID: Int64, subject: String, body: String, on db: any SQLDatabase
    ) async throws {
        let body = String(clean(body).prefix(maxPieceCharacters))
        try await db.raw("""
            INSERT INTO search_documents (ticket_id, account_id, subject, body)
            VALUES (\(bind: ticketID), \(bind: accountID), \(bind: clean(subject)), \(bind: body))
            """).run()
    }

    static func append(ticketID: Int64, text: String, on db: any SQLDatabase) async throws {
        let piece = "\n" + String(clean(text).prefix(maxPieceCharacters))
        try await db.raw("""
            UPDATE search_documents
            SET body = CASE WHEN LENGTH(body) < \(literal: maxBodyCharacters) THEN body || \(bind: piece) ELSE body END
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
