import Foundation
import SQLKit
import SwitchboardCore

/// Reading messages and recording their delivery. Messages are added through ``TicketOperations``.
public struct MessageRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        m.id, m.account_id, m.ticket_id, m.kind, m.channel, m.author_kind, m.author_id, m.text, m.html, \
        m.external_id, m.delivery_status, m.delivery_error, m.created_at
        """

    /// The ticket's timeline, oldest first, with attachments (two queries in all).
    public func list(accountID: Int64, ticketID: Int64, on db: any SQLDatabase) async throws -> [Message] {
        let messages = try await db.raw("""
            SELECT \(Self.columns) FROM messages m
            WHERE m.account_id = \(bind: accountID) AND m.ticket_id = \(bind: ticketID)
            ORDER BY m.created_at, m.id
            """).all().map(Self.decode)
        return try await withAttachments(messages, accountID: accountID, on: db)
    }

    /// The message with this id, with attachments, or `nil`.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Message? {
        let messages = try await db.raw("""
            SELECT \(Self.columns) FROM messages m WHERE m.account_id = \(bind: accountID) AND m.id = \(bind: id)
            """).all().map(Self.decode)
        return try await withAttachments(messages, accountID: accountID, on: db).first
    }

    /// The message with this external id (Message-ID), with attachments, or `nil`.
    public func getByExternalID(accountID: Int64, externalID: String, on db: any SQLDatabase) async throws -> Message? {
        let messages = try await db.raw("""
            SELECT \(Self.columns) FROM messages m
            WHERE m.account_id = \(bind: accountID) AND m.external_id = \(bind: externalID)
            """).all().map(Self.decode)
        return try await withAttachments(messages, accountID: accountID, on: db).first
    }

    /// How many automatic notices (outbound messages written by the system, such as acknowledgements of receipt)
    /// went to tickets of `requesterID` since `since` — the input of the per-contact rate limit.
    public func countAutomaticNotices(
        accountID: Int64, requesterID: Int64, since: Date, on db: any SQLDatabase
    ) async throws -> Int {
        let sql = Self.countAutomaticNoticesSQL(accountID: accountID, requesterID: requesterID, since: since)
        let row = try await db.raw(sql).first()
        return try row.map { try $0.decode(column: "n", as: Int.self) } ?? 0
    }

    /// The query of ``countAutomaticNotices(accountID:requesterID:since:on:)``. It starts from the requester's
    /// tickets (their index) and reads only their messages: written as a join, SQLite walked every message of the
    /// account instead, so each new mail's acknowledgement check grew with the mailbox.
    static func countAutomaticNoticesSQL(accountID: Int64, requesterID: Int64, since: Date) -> SQLQueryString {
        """
        SELECT COUNT(*) AS n FROM messages m
        WHERE m.account_id = \(bind: accountID)
        AND m.ticket_id IN (
            SELECT t.id FROM tickets t WHERE t.account_id = \(bind: accountID) AND t.requester_id = \(bind: requesterID))
        AND m.kind = \(bind: MessageKind.outbound.rawValue) AND m.author_kind = \(bind: AuthorKind.system.rawValue)
        AND m.created_at >= \(bind: since.storageMicros)
        """
    }

    /// Records the delivery outcome of an outbound message; `.notFound` when it is not in the account.
    public func updateDelivery(
        accountID: Int64, id: Int64, status: DeliveryStatus, error: String?, on db: any SQLDatabase
    ) async throws {
        let error = error.map { String($0.prefix(1000)) }
        let row = try await db.raw("""
            UPDATE messages SET delivery_status = \(bind: status.rawValue), delivery_error = \(bind: error)
            WHERE account_id = \(bind: accountID) AND id = \(bind: id) RETURNING id
            """).first()
        if row == nil { throw SwitchboardError.notFound("message") }
    }

    func withAttachments(_ messages: [Message], accountID: Int64, on db: any SQLDatabase) async throws -> [Message] {
        if messages.isEmpty { return [] }
        let attachments = try await AttachmentRepository().list(
            accountID: accountID, messageIDs: messages.map(\.id), on: db)
        var byMessage: [Int64: [Attachment]] = [:]
        for attachment in attachments { byMessage[attachment.messageID, default: []].append(attachment) }
        return messages.map { message in
            var message = message
            message.attachments = byMessage[message.id] ?? []
            return message
        }
    }

    static func decode(_ row: any SQLRow) throws -> Message {
        Message(
            id: try row.value("id"), accountID: try row.value("account_id"), ticketID: try row.value("ticket_id"),
            kind: try row.enumValue("kind"), channel: try row.enumValue("channel"),
            authorKind: try row.enumValue("author_kind"), authorID: try row.optional("author_id"),
            text: try row.value("text"), html: try row.optional("html"), externalID: try row.optional("external_id"),
            deliveryStatus: try row.enumValue("delivery_status"), deliveryError: try row.optional("delivery_error"),
            createdAt: try row.date("created_at"))
    }
}

/// Attachment metadata (the bytes live on disk by content hash).
public struct AttachmentRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        id, account_id, message_id, filename, content_type, content_id, size, sha256, is_inline
        """

    /// Records an attachment of a message of the account; `.invalidInput` for bad metadata or an unknown message.
    public func create(
        accountID: Int64, messageID: Int64, _ attachment: NewAttachment, on db: any SQLDatabase
    ) async throws -> Attachment {
        let filename = try Validation.text(attachment.filename, field: "filename", maxLength: 255)
        let contentType = try Validation.text(attachment.contentType, field: "content_type", maxLength: 255)
        guard attachment.size >= 0 else { throw SwitchboardError.invalid("size", "must not be negative") }
        let hash = attachment.sha256.lowercased()
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
            throw SwitchboardError.invalid("sha256", "must be 64 hex digits")
        }
        let message = try await db.raw("""
            SELECT id FROM messages WHERE account_id = \(bind: accountID) AND id = \(bind: messageID)
            """).first()
        guard message != nil else { throw SwitchboardError.invalid("message_id", "must be a message of this account") }
        guard let row = try await db.raw("""
            INSERT INTO attachments (account_id, message_id, filename, content_type, content_id, size, sha256,
                                     is_inline, created_at)
            VALUES (\(bind: accountID), \(bind: messageID), \(bind: filename), \(bind: contentType),
                    \(bind: attachment.contentID), \(bind: attachment.size), \(bind: hash),
                    \(bind: attachment.isInline),
                    \(bind: Date().storageMicros))
            RETURNING \(Self.columns)
            """).first()
        else { throw SwitchboardError(.internalError, "attachment was not created") }
        return try Self.decode(row)
    }

    /// The attachment, or `nil` when it is not in the account.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Attachment? {
        try await db.raw("""
            SELECT \(Self.columns) FROM attachments WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The attachments of a message, in the order they were added.
    public func list(accountID: Int64, messageID: Int64, on db: any SQLDatabase) async throws -> [Attachment] {
        try await list(accountID: accountID, messageIDs: [messageID], on: db)
    }

    /// Whether any attachment row (any account) still uses the content hash; for garbage-collecting files.
    public func isReferenced(sha256: String, on db: any SQLDatabase) async throws -> Bool {
        let hash = sha256.lowercased()
        return try await db.raw("SELECT id FROM attachments WHERE sha256 = \(bind: hash) LIMIT 1").first() != nil
    }

    func list(accountID: Int64, messageIDs: [Int64], on db: any SQLDatabase) async throws -> [Attachment] {
        if messageIDs.isEmpty { return [] }
        return try await db.raw("""
            SELECT \(Self.columns) FROM attachments
            WHERE account_id = \(bind: accountID) AND message_id IN (\(binds: messageIDs)) ORDER BY id
            """).all().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> Attachment {
        Attachment(
            id: try row.value("id"), accountID: try row.value("account_id"), messageID: try row.value("message_id"),
            filename: try row.value("filename"), contentType: try row.value("content_type"),
            contentID: try row.optional("content_id"), size: try row.value("size"), sha256: try row.value("sha256"),
            isInline: try row.bool("is_inline"))
    }
}
