import SQLKit

/// The text one ticket contributes to the search index: its subject, and the texts of its messages in the order they
/// were written (message id), each cut to ``SearchIndexWriter/maxPieceBytes`` and joined by newlines while the body
/// stays within ``SearchIndexWriter/maxBodyBytes`` (later messages are not indexed once it is full).
///
/// On PostgreSQL this text is stored in `search_documents` (the `tsvector` is derived from it). On SQLite it is not
/// stored: the FTS5 index is contentless (M0011), so the document is rebuilt from `tickets` and `messages` whenever
/// the ticket's index entry is rewritten and whenever a snippet is made.
struct SearchDocument: Equatable, Sendable {
    var subject: String
    var body: String

    /// A document whose body holds `firstText` (the first message), or nothing when it is `nil`.
    init(subject: String, firstText: String?) {
        self.subject = SearchIndexWriter.clean(subject)
        self.body = firstText.map(SearchIndexWriter.piece) ?? ""
    }

    /// The document of `subject` and the message texts `texts`, oldest first.
    init(subject: String, texts: [String]) {
        self.init(subject: subject, firstText: texts.first)
        for text in texts.dropFirst() { append(text) }
    }

    /// Adds one message's text, unless the body would grow past ``SearchIndexWriter/maxBodyBytes`` (UTF-8 bytes).
    mutating func append(_ text: String) {
        let addition = "\n" + SearchIndexWriter.piece(text)
        if body.utf8.count + addition.utf8.count <= SearchIndexWriter.maxBodyBytes {
            body += addition
        }
    }

    /// The documents of the tickets `ticketIDs` of `accountID` on SQLite, rebuilt from their subjects and messages
    /// (tickets that do not exist are missing from the result).
    static func rebuild(
        accountID: Int64, ticketIDs: [Int64], on db: any SQLDatabase
    ) async throws -> [Int64: SearchDocument] {
        if ticketIDs.isEmpty { return [:] }
        // `+account_id`: look the tickets up by id; the check stays, but no account index is considered for it.
        let subjects = try await db.raw("""
            SELECT id, subject FROM tickets WHERE +account_id = \(bind: accountID) AND id IN (\(binds: ticketIDs))
            """).all()
        let texts = try await messageTexts(accountID: accountID, ticketIDs: ticketIDs, on: db)
        var documents: [Int64: SearchDocument] = [:]
        for row in subjects {
            let id = try row.decode(column: "id", as: Int64.self)
            documents[id] = SearchDocument(
                subject: try row.decode(column: "subject", as: String.self), texts: texts[id] ?? [])
        }
        return documents
    }

    /// The message texts of the tickets `ticketIDs` of `accountID`, oldest (lowest id) first.
    static func messageTexts(
        accountID: Int64, ticketIDs: [Int64], on db: any SQLDatabase
    ) async throws -> [Int64: [String]] {
        if ticketIDs.isEmpty { return [:] }
        let messages = try await db.raw("""
            SELECT ticket_id, text FROM messages
            WHERE account_id = \(bind: accountID) AND ticket_id IN (\(binds: ticketIDs))
            ORDER BY ticket_id, id
            """).all()
        var texts: [Int64: [String]] = [:]
        for row in messages {
            texts[try row.decode(column: "ticket_id", as: Int64.self), default: []]
                .append(try row.decode(column: "text", as: String.self))
        }
        return texts
    }
}
