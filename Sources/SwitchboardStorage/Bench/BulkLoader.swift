import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteNIO
import SwitchboardCore

/// Loads a generated dataset fast and exactly as the normal write path would have written it: the same ticket,
/// tag, message, search-document, event and counter rows (see ``BulkTicketRows``), with ids allocated in the same
/// order. Tickets go in large multi-row INSERTs, many tickets per transaction.
///
/// The loader must be the only writer of the account's tickets while it runs (it allocates ids itself; on
/// PostgreSQL it locks the tables it fills and moves the id sequences past what it wrote). Events are written as
/// rows only: no `pg_notify` (nobody listens to a bulk load).
public struct BulkLoader: Sendable {
    /// Tickets per transaction.
    public var batchSize: Int

    public init(batchSize: Int = 5_000) {
        self.batchSize = max(1, batchSize)
    }

    /// What a load wrote.
    public struct Stats: Sendable, Equatable {
        public var tickets = 0
        public var messages = 0
        public var events = 0
        public init() {}
    }

    /// Creates the account, agents, teams, organizations and inboxes through the normal repositories and the
    /// contacts (there are many) in bulk, with the same rows ``ContactRepository/create`` writes.
    public func loadDirectory(
        _ directory: BenchDirectory, into database: Database
    ) async throws -> BenchDirectoryIDs {
        try await database.write { db in
            let account = try await AccountRepository().create(name: directory.accountName, on: db)
            var agentIDs: [Int64] = []
            for agent in directory.agents {
                agentIDs.append(try await UserRepository().create(
                    accountID: account.id, email: agent.email, name: agent.name, role: agent.role,
                    passwordHash: nil, on: db).id)
            }
            var teamIDs: [Int64] = []
            for (index, name) in directory.teams.enumerated() {
                let members = directory.agents.indices.filter { directory.agents[$0].team == index }
                teamIDs.append(try await TeamRepository().create(
                    accountID: account.id, name: name, memberIDs: members.map { agentIDs[$0] }, on: db).id)
            }
            var organizationIDs: [Int64] = []
            for organization in directory.organizations {
                organizationIDs.append(try await OrganizationRepository().create(
                    accountID: account.id, name: organization.name, tier: organization.tier,
                    domains: [organization.domain], on: db).id)
            }
            var inboxIDs: [Int64] = []
            for inbox in directory.inboxes {
                inboxIDs.append(try await InboxRepository().create(
                    accountID: account.id, name: inbox.name, channel: inbox.channel,
                    emailAddress: inbox.emailAddress, webFormEnabled: inbox.channel == .webForm, on: db).id)
            }
            let contactIDs = try await insertContacts(
                directory.contacts, accountID: account.id, organizationIDs: organizationIDs, on: db)
            return BenchDirectoryIDs(
                accountID: account.id, agentIDs: agentIDs, teamIDs: teamIDs, organizationIDs: organizationIDs,
                contactIDs: contactIDs,
                contactOrganizationIDs: directory.contacts.map { $0.organization.map { organizationIDs[$0] } },
                inboxIDs: inboxIDs, inboxChannels: directory.inboxes.map(\.channel))
        }
    }

    /// Loads the tickets `range` of `generator` for the account of `ids`. Generation of the next batch overlaps
    /// the writing of the current one. `progress` is called after each committed batch with the tickets so far.
    public func loadTickets(
        _ generator: DatasetGenerator, range: Range<Int>, ids: BenchDirectoryIDs, into database: Database,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Stats {
        let cursor = try await database.read { db in try await Self.startCursor(accountID: ids.accountID, on: db) }
        var stats = Stats()
        try await withBulkSettings(database) {
            stats = try await withDeferredIndexes(database) {
                try await writeBatches(
                    generator, range: range, ids: ids, from: cursor, into: database, progress: progress)
            }
        }
        return stats
    }

    /// Runs `load` with the indexes of an SQLite database that holds no ticket yet dropped, and creates them again
    /// after it (``SQLiteDeferredIndexes``), also when `load` throws; its error is the one reported, and a failure to
    /// create the indexes then is logged with their names (nothing else would re-create them: the database may now
    /// hold tickets). PostgreSQL, or a database with tickets: runs `load` as it is.
    private func withDeferredIndexes(_ database: Database, _ load: () async throws -> Stats) async throws -> Stats {
        guard database.kind == .sqlite,
            let deferred = try await database.write({ db in try await SQLiteDeferredIndexes.dropIfEmpty(on: db) })
        else { return try await load() }
        let stats: Stats
        do {
            stats = try await load()
        } catch {
            do {
                try await database.write { db in try await deferred.create(on: db) }
            } catch let restoreError {
                database.logger.error(
                    "bulk load failed and its deferred indexes could not be created again",
                    metadata: [
                        "indexes": .string(deferred.definitions.map(\.name).joined(separator: ", ")),
                        "error": .string(String(describing: restoreError)),
                    ])
            }
            throw error
        }
        try await database.write { db in try await deferred.create(on: db) }
        return stats
    }

    /// Writes the tickets `range` in batches of ``batchSize`` tickets, one transaction each, building the next batch
    /// while the current one is written.
    private func writeBatches(
        _ generator: DatasetGenerator, range: Range<Int>, ids: BenchDirectoryIDs, from cursor: BulkTicketRows.Cursor,
        into database: Database, progress: @Sendable (Int) -> Void
    ) async throws -> Stats {
        var stats = Stats()
        var start = range.lowerBound
        let firstEnd = min(start + batchSize, range.upperBound)
        var pending: Task<(BulkTicketRows, BulkTicketRows.Cursor), any Error>? =
            start < firstEnd ? Self.buildTask(generator, start..<firstEnd, ids, cursor) : nil
        while let task = pending {
            let (rows, next) = try await task.value
            start = min(start + batchSize, range.upperBound)
            let nextEnd = min(start + batchSize, range.upperBound)
            pending = start < nextEnd ? Self.buildTask(generator, start..<nextEnd, ids, next) : nil
            if database.kind == .sqlite {
                try await database.writeSQLiteConnection { connection in
                    try await Self.writeSQLite(rows, accountID: ids.accountID, on: connection)
                }
            } else {
                let logger = database.logger
                try await database.writePostgresConnection { connection in
                    try await Self.writePostgres(rows, accountID: ids.accountID, on: connection, logger: logger)
                }
            }
            stats.tickets += rows.tickets.count
            stats.messages += rows.messages.count
            stats.events += rows.events.count
            progress(stats.tickets)
        }
        return stats
    }

    private static func buildTask(
        _ generator: DatasetGenerator, _ range: Range<Int>, _ ids: BenchDirectoryIDs,
        _ cursor: BulkTicketRows.Cursor
    ) -> Task<(BulkTicketRows, BulkTicketRows.Cursor), any Error> {
        Task {
            var cursor = cursor
            let rows = try BulkTicketRows.build(generator.tickets(range), ids: ids, cursor: &cursor)
            return (rows, cursor)
        }
    }

    /// Gathers the planner's statistics after a load; `true` when it did. PostgreSQL plans from them: right after
    /// a bulk load they are missing or stale until autovacuum's analyze runs minutes later, and a common-word search
    /// at 1M tickets took 20 s instead of 30 ms in that window. SQLite plans without `sqlite_stat1` as it does for
    /// every database the server creates, so nothing runs there.
    @discardableResult
    public func analyze(_ database: Database) async throws -> Bool {
        guard database.kind == .postgres else { return false }
        try await database.write { db in try await db.raw("ANALYZE").run() }
        return true
    }

    /// The first free ids and ticket number.
    static func startCursor(accountID: Int64, on db: any SQLDatabase) async throws -> BulkTicketRows.Cursor {
        func nextID(_ table: String) async throws -> Int64 {
            let row = try await db.raw("SELECT COALESCE(MAX(id), 0) AS top FROM \(ident: table)").first()
            return try (row?.decode(column: "top", as: Int64.self) ?? 0) + 1
        }
        let number = try await TicketNumbers.peek(accountID: accountID, on: db)
        return BulkTicketRows.Cursor(
            ticketID: try await nextID("tickets"), messageID: try await nextID("messages"),
            eventID: try await nextID("events"), number: number)
    }

    /// Runs `body` with settings fit for a bulk load, restored after. SQLite: a 256 MB page cache on the writer,
    /// and `synchronous = OFF` (no fsync at each WAL checkpoint; a crash of the machine during the load can lose or
    /// damage the file being loaded, which a bulk load into a new database can afford).
    private func withBulkSettings(_ database: Database, _ body: () async throws -> Void) async throws {
        guard database.kind == .sqlite else { return try await body() }
        let previous = try await database.write { db in
            let size = try await db.raw("PRAGMA cache_size").first(decodingColumn: "cache_size", as: Int64.self)
            let sync = try await db.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int64.self)
            try await db.raw("PRAGMA cache_size = -262144").run()
            return (cacheSize: size ?? -2000, synchronous: sync ?? 1)
        }
        // PRAGMA synchronous cannot change inside a transaction: set it on the writer outside one.
        try await database.writeSQLiteConnectionOutsideTransaction { connection in
            try await connection.sql().raw("PRAGMA synchronous = OFF").run()
        }
        @Sendable func restore(_ connection: SQLiteDirectConnection) async throws {
            let db = connection.sql()
            try await db.raw("PRAGMA cache_size = \(literal: previous.cacheSize)").run()
            try await db.raw("PRAGMA synchronous = \(literal: previous.synchronous)").run()
        }
        do {
            try await body()
        } catch {
            try? await database.writeSQLiteConnectionOutsideTransaction(restore)
            throw error
        }
        try await database.writeSQLiteConnectionOutsideTransaction(restore)
    }

    // MARK: - Writing

    /// Writes a batch on PostgreSQL: the tables locked against other writers, the rows streamed with `COPY`, then
    /// the counters, the account's next ticket number and the id sequences moved past what was written.
    static func writePostgres(
        _ rows: BulkTicketRows, accountID: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let db = connection.sql(queryLogLevel: .trace)
        try await db.raw("""
            LOCK TABLE tickets, ticket_tags, messages, search_documents, events IN SHARE ROW EXCLUSIVE MODE
            """).run()
        let copy = PostgresCopyInsert()
        try await copy.run(
            table: "tickets", columns: Columns.tickets, rows: rows.tickets, on: connection, logger: logger
        ) { ticket in
            [
                .of(ticket.id), .of(ticket.accountID), .of(ticket.number), .of(ticket.subject),
                .of(ticket.status.rawValue), .of(ticket.priority.rank), .of(ticket.type?.rawValue),
                .of(ticket.channel.rawValue), .of(ticket.inboxID), .of(ticket.requesterID),
                .of(ticket.organizationID), .of(ticket.assigneeID), .of(ticket.teamID),
                .of(JSONWriter.encode(strings: ticket.tags)), .of(JSONWriter.emptyObject),
                .of(ticket.mergedIntoID), .of(ticket.followUpOfID), .of(ticket.createdAt.storageMicros),
                .of(ticket.updatedAt.storageMicros), .of(ticket.firstResponseAt?.storageMicros),
                .of(ticket.solvedAt?.storageMicros), .of(ticket.waitingSince?.storageMicros),
                .of(ticket.reopenCount), .of(ticket.lastMessagePreview), .of(ticket.messageCount),
            ]
        }
        try await copy.run(
            table: "ticket_tags", columns: Columns.tags, rows: rows.tags, on: connection, logger: logger
        ) { [.of(accountID), .of($0.ticketID), .of($0.tag)] }
        try await copy.run(
            table: "messages", columns: Columns.messages, rows: rows.messages, on: connection, logger: logger
        ) { message in
            [
                .of(message.id), .of(message.accountID), .of(message.ticketID), .of(message.kind.rawValue),
                .of(message.channel.rawValue), .of(message.authorKind.rawValue), .of(message.authorID),
                .of(message.text), .of(message.html), .of(message.externalID),
                .of(message.deliveryStatus.rawValue), .of(message.deliveryError),
                .of(message.createdAt.storageMicros),
            ]
        }
        try await copy.run(
            table: "search_documents", columns: Columns.searchDocuments, rows: rows.searchDocuments,
            on: connection, logger: logger
        ) { [.of($0.ticketID), .of(accountID), .of($0.subject), .of($0.body)] }
        try await copy.run(
            table: "events", columns: Columns.events, rows: rows.events, on: connection, logger: logger
        ) { event in
            [
                .of(event.id), .of(accountID), .of(event.type), .of(event.ticketID),
                .of(event.actor.kind.rawValue), .of(event.actor.id), .of(event.payload),
                .of(event.at.storageMicros),
            ]
        }
        try await writeCountersAndNumber(rows, accountID: accountID, on: db)
        for table in ["tickets", "messages", "events"] {
            try await db.raw("""
                SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'),
                              (SELECT COALESCE(MAX(id), 0) + 1 FROM \(ident: table)), false)
                """).run()
        }
    }

    /// Writes a batch on SQLite: the rows in multi-row INSERTs bound as `SQLiteData` directly, then the counters and
    /// the account's next ticket number.
    static func writeSQLite(_ rows: BulkTicketRows, accountID: Int64, on connection: SQLiteDirectConnection) async throws {
        let inserter = SQLiteMultiRowInsert()
        try await inserter.run(table: "tickets", columns: Columns.tickets, rows: rows.tickets, on: connection) {
            ticket in
            [
                .bulk(ticket.id), .bulk(ticket.accountID), .bulk(ticket.number), .bulk(ticket.subject),
                .bulk(ticket.status.rawValue), .bulk(ticket.priority.rank), .bulk(ticket.type?.rawValue),
                .bulk(ticket.channel.rawValue), .bulk(ticket.inboxID), .bulk(ticket.requesterID),
                .bulk(ticket.organizationID), .bulk(ticket.assigneeID), .bulk(ticket.teamID),
                .bulk(JSONWriter.encode(strings: ticket.tags)), .bulk(JSONWriter.emptyObject),
                .bulk(ticket.mergedIntoID), .bulk(ticket.followUpOfID), .bulk(ticket.createdAt.storageMicros),
                .bulk(ticket.updatedAt.storageMicros), .bulk(ticket.firstResponseAt?.storageMicros),
                .bulk(ticket.solvedAt?.storageMicros), .bulk(ticket.waitingSince?.storageMicros),
                .bulk(ticket.reopenCount), .bulk(ticket.lastMessagePreview), .bulk(ticket.messageCount),
            ]
        }
        try await inserter.run(table: "ticket_tags", columns: Columns.tags, rows: rows.tags, on: connection) {
            [.bulk(accountID), .bulk($0.ticketID), .bulk($0.tag)]
        }
        try await inserter.run(table: "messages", columns: Columns.messages, rows: rows.messages, on: connection) {
            message in
            [
                .bulk(message.id), .bulk(message.accountID), .bulk(message.ticketID), .bulk(message.kind.rawValue),
                .bulk(message.channel.rawValue), .bulk(message.authorKind.rawValue), .bulk(message.authorID),
                .bulk(message.text), .bulk(message.html), .bulk(message.externalID),
                .bulk(message.deliveryStatus.rawValue), .bulk(message.deliveryError),
                .bulk(message.createdAt.storageMicros),
            ]
        }
        // SQLite keeps no copy of the documents: they go straight into the contentless FTS5 index (M0011).
        try await inserter.run(
            table: "ticket_fts", columns: Columns.ftsEntries, rows: rows.searchDocuments, on: connection
        ) { [.bulk(SearchRowID.of(ticketID: $0.ticketID)), .bulk($0.subject), .bulk($0.body)] }
        try await inserter.run(table: "events", columns: Columns.events, rows: rows.events, on: connection) {
            event in
            [
                .bulk(event.id), .bulk(accountID), .bulk(event.type), .bulk(event.ticketID),
                .bulk(event.actor.kind.rawValue), .bulk(event.actor.id), .bulk(event.payload),
                .bulk(event.at.storageMicros),
            ]
        }
        try await writeCountersAndNumber(rows, accountID: accountID, on: connection.sql())
    }

    /// The columns each bulk INSERT fills, in the order of its values.
    enum Columns {
        static let tickets = [
            "id", "account_id", "number", "subject", "status", "priority", "type", "channel", "inbox_id",
            "requester_id", "organization_id", "assignee_id", "team_id", "tags", "custom_fields", "merged_into_id",
            "follow_up_of_id", "created_at", "updated_at", "first_response_at", "solved_at", "waiting_since",
            "reopen_count", "last_message_preview", "message_count",
        ]
        static let tags = ["account_id", "ticket_id", "tag"]
        static let messages = [
            "id", "account_id", "ticket_id", "kind", "channel", "author_kind", "author_id", "text", "html",
            "external_id", "delivery_status", "delivery_error", "created_at",
        ]
        static let searchDocuments = ["ticket_id", "account_id", "subject", "body"]
        static let ftsEntries = ["rowid", "subject", "body"]
        static let events = ["id", "account_id", "type", "ticket_id", "actor_kind", "actor_id", "payload", "created_at"]
    }

    /// The counter upserts and the account's next ticket number after a batch (both databases).
    private static func writeCountersAndNumber(
        _ rows: BulkTicketRows, accountID: Int64, on db: any SQLDatabase
    ) async throws {
        // Every touched counter is upserted, like the normal path does (a net zero still leaves its row).
        try await TicketCounterRepository.apply(rows.counters, accountID: accountID, on: db)
        if let last = rows.tickets.last {
            try await TicketNumbers.advance(accountID: accountID, past: last.number, on: db)
        }
    }

    private func insertContacts(
        _ contacts: [BenchContact], accountID: Int64, organizationIDs: [Int64], on db: any SQLDatabase
    ) async throws -> [Int64] {
        let first = try await db.raw("SELECT COALESCE(MAX(id), 0) AS top FROM contacts")
            .first(decodingColumn: "top", as: Int64.self) ?? 0
        var rows: [(id: Int64, name: String, organizationID: Int64?, email: String, created: Int64)] = []
        rows.reserveCapacity(contacts.count)
        for (offset, contact) in contacts.enumerated() {
            rows.append((
                first + 1 + Int64(offset),
                try Validation.text(contact.name, field: "name", maxLength: Validation.maxNameLength),
                contact.organization.map { organizationIDs[$0] },
                try Validation.email(contact.email, field: "identities"), contact.createdAt.storageMicros
            ))
        }
        let inserter = MultiRowInsert(maxBinds: db.isPostgres ? 60_000 : 30_000)
        try await inserter.run(table: "contacts", columns: [
            "id", "account_id", "name", "organization_id", "notes", "created_at", "updated_at",
        ], rows: rows, on: db) { [$0.id, accountID, $0.name, $0.organizationID, "", $0.created, $0.created] }
        try await inserter.run(table: "contact_identities", columns: [
            "account_id", "contact_id", "kind", "value", "is_undeliverable", "created_at",
        ], rows: rows, on: db) { [accountID, $0.id, ContactIdentityKind.email.rawValue, $0.email, false, $0.created] }
        if db.isPostgres, !rows.isEmpty {
            try await db.raw("""
                SELECT setval(pg_get_serial_sequence('contacts', 'id'),
                              (SELECT COALESCE(MAX(id), 0) + 1 FROM contacts), false)
                """).run()
        }
        return rows.map(\.id)
    }
}

/// Multi-row `INSERT … VALUES (…), (…)` statements holding as many rows as the bind limit allows.
struct MultiRowInsert {
    var maxBinds: Int

    func run<Row>(
        table: String, columns: [String], rows: [Row], on db: any SQLDatabase,
        values: (Row) -> [any Encodable & Sendable]
    ) async throws {
        let perStatement = max(1, maxBinds / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            var sql: SQLQueryString = "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES "
            for index in start..<end {
                sql += index == start ? "(\(binds: values(rows[index])))" : ", (\(binds: values(rows[index])))"
            }
            try await db.raw(sql).run()
            start = end
        }
    }
}
