import Foundation
import SQLKit
import SwitchboardCore

/// What an admin configures for polling one inbox's mailbox by IMAP (the password is kept apart, sealed).
public struct IMAPMailboxSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// `tls`, `starttls` or `none` (validated by the server).
    public var security: String
    /// `auto`, `login` or `plain` (validated by the server).
    public var authMethod: String
    public var username: String
    /// The folder polled for new mail, e.g. `INBOX`.
    public var folder: String
    /// Where processed mail is moved; nil: it stays and is flagged \Seen.
    public var processedFolder: String?
    public var enabled: Bool

    public init(
        host: String, port: Int, security: String, authMethod: String = "auto", username: String,
        folder: String = "INBOX", processedFolder: String? = nil, enabled: Bool = true
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.authMethod = authMethod
        self.username = username
        self.folder = folder
        self.processedFolder = processedFolder
        self.enabled = enabled
    }
}

/// One inbox's IMAP configuration and polling state.
public struct IMAPMailbox: Sendable, Equatable {
    public var accountID: Int64
    public var inboxID: Int64
    public var settings: IMAPMailboxSettings
    /// The password as sealed by the server's key; never returned by the API.
    public var sealedPassword: String
    /// The folder's UIDVALIDITY the cursor belongs to; nil before the first poll.
    public var uidValidity: Int64?
    /// The highest UID processed (ingested, or rejected for good); 0 before the first message.
    public var lastUID: Int64
    /// When the last poll completed without error.
    public var lastPollAt: Date?
    /// The last error (connection, login, a rejected message), safe to show to admins.
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Messages given up on for good (unparseable, too large) since the mailbox was configured.
    public var rejectedCount: Int64
    public var createdAt: Date
    /// Changes only when the settings change: pollers restart when it moves.
    public var updatedAt: Date
}

/// Storage of ``IMAPMailbox`` rows (table `imap_mailboxes`, one per inbox).
public struct IMAPMailboxRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        account_id, inbox_id, host, port, security, auth_method, username, password_sealed, folder, \
        processed_folder, enabled, uid_validity, last_uid, last_poll_at, last_error, last_error_at, rejected_count, \
        created_at, updated_at
        """

    /// The inbox's configuration, or nil.
    public func get(accountID: Int64, inboxID: Int64, on db: any SQLDatabase) async throws -> IMAPMailbox? {
        try await db.raw("""
            SELECT \(Self.columns) FROM imap_mailboxes
            WHERE account_id = \(bind: accountID) AND inbox_id = \(bind: inboxID)
            """).first().map(Self.decode)
    }

    /// Every enabled configuration of every account (for the polling service), by inbox id.
    public func listEnabled(on db: any SQLDatabase) async throws -> [IMAPMailbox] {
        try await db.raw("""
            SELECT \(Self.columns) FROM imap_mailboxes WHERE enabled = \(bind: true) ORDER BY inbox_id
            """).all().map(Self.decode)
    }

    /// Creates or replaces the configuration. `sealedPassword` nil keeps the stored one (`.invalidInput`, field
    /// `password`, when there is none yet). Changing host, port, username or folder restarts the cursor.
    public func put(
        accountID: Int64, inboxID: Int64, settings: IMAPMailboxSettings, sealedPassword: String?,
        now: Date = Date(), on db: any SQLDatabase
    ) async throws -> IMAPMailbox {
        let stamp = now.storageMicros
        if let existing = try await get(accountID: accountID, inboxID: inboxID, on: db) {
            let old = existing.settings
            let sameSource = old.host.lowercased() == settings.host.lowercased() && old.port == settings.port
                && old.username == settings.username && old.folder == settings.folder
            let builder = db.update("imap_mailboxes")
                .set("host", to: settings.host).set("port", to: settings.port)
                .set("security", to: settings.security).set("auth_method", to: settings.authMethod)
                .set("username", to: settings.username).set("folder", to: settings.folder)
                .set("processed_folder", to: settings.processedFolder).set("enabled", to: settings.enabled)
                .set("updated_at", to: max(stamp, existing.updatedAt.storageMicros + 1))
            if let sealedPassword { builder.set("password_sealed", to: sealedPassword) }
            if !sameSource {
                builder.set("uid_validity", to: Int64?.none).set("last_uid", to: Int64(0))
            }
            try await builder.where("account_id", .equal, accountID).where("inbox_id", .equal, inboxID).run()
        } else {
            guard let sealedPassword else { throw SwitchboardError.invalid("password", "is required") }
            try await db.raw("""
                INSERT INTO imap_mailboxes (account_id, inbox_id, host, port, security, auth_method, username,
                    password_sealed, folder, processed_folder, enabled, last_uid, rejected_count, created_at,
                    updated_at)
                VALUES (\(bind: accountID), \(bind: inboxID), \(bind: settings.host), \(bind: settings.port),
                    \(bind: settings.security), \(bind: settings.authMethod), \(bind: settings.username),
                    \(bind: sealedPassword), \(bind: settings.folder), \(bind: settings.processedFolder),
                    \(bind: settings.enabled), \(bind: Int64(0)), \(bind: Int64(0)), \(bind: stamp), \(bind: stamp))
                """).run()
        }
        guard let stored = try await get(accountID: accountID, inboxID: inboxID, on: db) else {
            throw SwitchboardError(.internalError, "the IMAP settings were not stored")
        }
        return stored
    }

    /// Removes the configuration; false when there was none.
    public func delete(accountID: Int64, inboxID: Int64, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw("""
            DELETE FROM imap_mailboxes WHERE account_id = \(bind: accountID) AND inbox_id = \(bind: inboxID)
            RETURNING inbox_id
            """).all()
        return !rows.isEmpty
    }

    /// Starts the cursor over for a folder whose UIDVALIDITY is `uidValidity` (first poll, or the server renumbered
    /// the folder): every message is looked at again; Message-ID de-duplication keeps them from being stored twice.
    public func resetCursor(
        accountID: Int64, inboxID: Int64, uidValidity: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.update("imap_mailboxes")
            .set("uid_validity", to: uidValidity).set("last_uid", to: Int64(0))
            .where("account_id", .equal, accountID).where("inbox_id", .equal, inboxID)
            .run()
    }

    /// Moves the cursor forward to `uid` (never backwards, and only for the same UIDVALIDITY).
    public func advance(
        accountID: Int64, inboxID: Int64, uidValidity: Int64, to uid: Int64, on db: any SQLDatabase
    ) async throws {
        try await db.update("imap_mailboxes")
            .set("last_uid", to: uid)
            .where("account_id", .equal, accountID).where("inbox_id", .equal, inboxID)
            .where("uid_validity", .equal, uidValidity).where("last_uid", .lessThan, uid)
            .run()
    }

    /// Notes a completed poll.
    public func recordPoll(accountID: Int64, inboxID: Int64, at time: Date, on db: any SQLDatabase) async throws {
        try await db.update("imap_mailboxes")
            .set("last_poll_at", to: time.storageMicros)
            .where("account_id", .equal, accountID).where("inbox_id", .equal, inboxID)
            .run()
    }

    /// Notes an error (at most 1000 characters are kept); `rejected` also counts a message given up on.
    public func recordError(
        accountID: Int64, inboxID: Int64, message: String, rejected: Bool = false, at time: Date,
        on db: any SQLDatabase
    ) async throws {
        let builder = db.update("imap_mailboxes")
            .set("last_error", to: String(message.prefix(1000)))
            .set("last_error_at", to: time.storageMicros)
        if rejected {
            builder.set(SQLIdentifier("rejected_count"), to: SQLBinaryExpression(
                SQLIdentifier("rejected_count"), .add, SQLBind(Int64(1))))
        }
        try await builder.where("account_id", .equal, accountID).where("inbox_id", .equal, inboxID).run()
    }

    static func decode(_ row: any SQLRow) throws -> IMAPMailbox {
        IMAPMailbox(
            accountID: try row.value("account_id"), inboxID: try row.value("inbox_id"),
            settings: IMAPMailboxSettings(
                host: try row.value("host"), port: try row.int("port"), security: try row.value("security"),
                authMethod: try row.value("auth_method"), username: try row.value("username"),
                folder: try row.value("folder"), processedFolder: try row.optional("processed_folder"),
                enabled: try row.bool("enabled")),
            sealedPassword: try row.value("password_sealed"), uidValidity: try row.optional("uid_validity"),
            lastUID: try row.value("last_uid"), lastPollAt: try row.optionalDate("last_poll_at"),
            lastError: try row.optional("last_error"), lastErrorAt: try row.optionalDate("last_error_at"),
            rejectedCount: try row.value("rejected_count"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }
}
