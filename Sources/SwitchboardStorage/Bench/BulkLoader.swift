import Foundation
import Logging
import SQLKit
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
        var cursor = try await database.read { db in try await Self.startCursor(accountID: ids.accountID, on: db) }
        var stats = Stats()
        try await withBulkSettings(database) {
            var start = range.lowerBound
            let firstEnd = min(start + batchSize, range.upperBound)
            var startCursor = cursor
            var pending: Task<(BulkTicketRows, BulkTicketRows.Cursor), any Error>? =
                start < firstEnd ? Self.buildTask(generator, start..<firstEnd, ids, startCursor) : nil
            while let task = pending {
                let (rows, next) = try await task.value
                let end = min(start + batchSize, range.upperBound)
                start = end
                startCursor = next
                let nextEnd = min(start + batchSize, range.upperBound)
                pending = start < nextEnd ? Self.buildTask(generator, start..<nextEnd, ids, startCursor) : nil
                try await database.write { db in try await Self.write(rows, accountID: ids.accountID, on: db) }
                stats.tickets += rows.tickets.count
                stats.messages += rows.messages.count
                stats.events += rows.events.count
                cursor = next
                progress(stats.tickets)
            }
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

    /// The first free ids and ticket number.
    static func startCursor(accountID: Int64, on db: any SQLDatabase) async throws -> BulkTicketRows.Cursor {
        func nextID(_ table: String) async throws -> Int64 {
            let row = try await db.raw("SELECT COALESCE(MAX(id), 0) AS top FROM \(ident: table)").first()
            return try (row?.decode(column: "top", as: Int64.self) ?? 0) + 1
        }
        guard let number = try await db.raw("""
            SELECT next_ticket_number FROM accounts WHERE id = \(bind: accountID)
            """).first(decodingColumn: "next_ticket_number", as: Int64.self)
        else { throw SwitchboardError.notFound("account") }
        return BulkTicketRows.Cursor(
            ticketID: try await nextID("tickets"), messageID: try await nextID("messages"),
            eventID: try await nextID("events"), number: number)
    }

    /// Runs `body` with settings fit for a bulk load (SQLite: a large page cache on the writer), restored after.
    private func withBulkSettings(_ database: Database, _ body: () async throws -> Void) async throws {
        guard database.kind == .sqlite else { return try await body() }
        let previous = try await database.write { db in
            let size = try await db.raw("PRAGMA cache_size").first(decodingColumn: "cache_size", as: Int64.self)
            try await db.raw("PRAGMA cache_size = -262144").run()
            return size ?? -2000
        }
        do {
            try await body()
        } catch {
            _ = try? await database.write { db in try await db.raw("PRAGMA cache_size = \(literal: previous)").run() }
            throw error
        }
        try await database.write { db in try await db.raw("PRAGMA cache_size = \(literal: previous)").run() }
    }

    // MARK: - Writing

    static func write(_ rows: BulkTicketRows, accountID: Int64, on db: any SQLDatabase) async throws {
        if db.isPostgres {
            try await db.raw("""
                LOCK TABLE tickets, ticket_tags, messages, search_documents, events IN SHARE ROW EXCLUSIVE MODE
                """).run()
        }
        let inserter = MultiRowInsert(maxBinds: db.isPostgres ? 60_000 : 30_000)
        try await inserter.run(table: "tickets", columns: [
            "id", "account_id", "number", "subject", "status", "priority", "type", "channel", "inbox_id",
            "requester_id", "organization_id", "assignee_id", "team_id", "tags", "custom_fields", "merged_into_id",
            "follow_up_of_id", "created_at", "updated_at", "first_response_at", "solved_at", "waiting_since",
            "reopen_count", "last_message_preview", "message_count",
        ], rows: rows.tickets, on: db) { ticket in
            [
                ticket.id, ticket.accountID, ticket.number, ticket.subject, ticket.status.rawValue,
                ticket.priority.rank, ticket.type?.rawValue, ticket.channel.rawValue, ticket.inboxID,
                ticket.requesterID, ticket.organizationID, ticket.assigneeID, ticket.teamID,
                BenchJSON.encode(strings: ticket.tags), BenchJSON.emptyObject, ticket.mergedIntoID,
                ticket.followUpOfID, ticket.createdAt.storageMicros, ticket.updatedAt.storageMicros,
                ticket.firstResponseAt?.storageMicros, ticket.solvedAt?.storageMicros,
                ticket.waitingSince?.storageMicros, ticket.reopenCount, ticket.lastMessagePreview, ticket.messageCount,
            ]
        }
        try await inserter.run(table: "ticket_tags", columns: ["account_id", "ticket_id", "tag"], rows: rows.tags,
                               on: db) { [accountID, $0.ticketID, $0.tag] }
        try await inserter.run(table: "messages", columns: [
            "id", "account_id", "ticket_id", "kind", "channel", "author_kind", "author_id", "text", "html",
            "external_id", "delivery_status", "delivery_error", "created_at",
        ], rows: rows.messages, on: db) { message in
            [
                message.id, message.accountID, message.ticketID, message.kind.rawValue, message.channel.rawValue,
                message.authorKind.rawValue, message.authorID, message.text, message.html, message.externalID,
                message.deliveryStatus.rawValue, message.deliveryError, message.createdAt.storageMicros,
            ]
        }
        try await inserter.run(table: "search_documents", columns: ["ticket_id", "account_id", "subject", "body"],
                               rows: rows.searchDocuments, on: db) { [$0.ticketID, accountID, $0.subject, $0.body] }
        try await inserter.run(table: "events", columns: [
            "id", "account_id", "type", "ticket_id", "actor_kind", "actor_id", "payload", "created_at",
        ], rows: rows.events, on: db) { event in
            [event.id, accountID, event.type, event.ticketID, event.actor.kind.rawValue, event.actor.id,
             event.payload, event.at.storageMicros]
        }
        // Every touched counter is upserted, like the normal path does (a net zero still leaves its row).
        for (key, change) in rows.counters.sorted(by: { $0.key < $1.key }) {
            try await db.raw("""
                INSERT INTO ticket_counters (account_id, dimension, key, count)
                VALUES (\(bind: accountID), \(bind: key.dimension), \(bind: key.key), \(bind: Int64(change)))
                ON CONFLICT (account_id, dimension, key)
                DO UPDATE SET count = ticket_counters.count + excluded.count
                """).run()
        }
        if let last = rows.tickets.last {
            try await db.raw("""
                UPDATE accounts SET next_ticket_number = \(bind: last.number + 1)
                WHERE id = \(bind: accountID) AND next_ticket_number <= \(bind: last.number)
                """).run()
        }
        if db.isPostgres {
            for table in ["tickets", "messages", "events"] {
                try await db.raw("""
                    SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'),
                                  (SELECT COALESCE(MAX(id), 0) + 1 FROM \(ident: table)), false)
                    """).run()
            }
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
