import Foundation
import SQLKit
import SwitchboardCore

@testable import SwitchboardStorage

/// Tickets written the way the code before M0012 wrote them, for tests that upgrade a database from an older
/// migration: the number comes from `accounts.next_ticket_number` and the counters have no `shard` column.
enum LegacyTicketRows {
    /// Migrates `database` up to the migration `name` (excluded) and makes the usual fixture in it, as the version
    /// before M0012 would have left it: without a ticket-number sequence.
    static func fixture(before name: String, in database: Database) async throws -> Fixture {
        try await database.migrate(upTo: name)
        let fixture = try await Fixture.make(database)
        try await dropNumberSequence(accountID: fixture.account.id, on: database)
        return fixture
    }

    /// Removes the ticket-number sequence that today's ``AccountRepository`` created for an account (PostgreSQL; a
    /// database from before M0012 has none). Nothing on SQLite.
    private static func dropNumberSequence(accountID: Int64, on database: Database) async throws {
        try await database.write { db in
            guard db.isPostgres else { return }
            try await db.raw("DROP SEQUENCE \(ident: TicketNumbers.sequenceName(accountID: accountID))").run()
        }
    }

    /// A new ticket with one inbound message from `email`, its number and counters written as before M0012. The
    /// search index gets the ticket on PostgreSQL only; on SQLite the caller writes what its schema version needs.
    static func ticket(
        _ fixture: Fixture, subject: String, body: String, email: String = "legacy@example.org",
        on database: Database
    ) async throws -> (ticket: Ticket, message: Message) {
        let accountID = fixture.account.id
        return try await database.write { db in
            let contact = try await ContactRepository().create(
                accountID: accountID, name: "Lee Legacy", identities: [(.email, email)], on: db)
            guard let number = try await db.raw("""
                UPDATE accounts SET next_ticket_number = next_ticket_number + 1 WHERE id = \(bind: accountID)
                RETURNING next_ticket_number - 1 AS number
                """).first(decodingColumn: "number", as: Int64.self)
            else { throw SwitchboardError.notFound("account") }
            let now = Date(timeIntervalSince1970: 1_750_000_000)
            var ticket = Ticket(
                id: 0, accountID: accountID, number: number, subject: subject, channel: .email,
                inboxID: fixture.inbox.id, requesterID: contact.id, createdAt: now, updatedAt: now,
                waitingSince: now, lastMessagePreview: String(body.prefix(100)), messageCount: 1)
            ticket.id = try await TicketWriter.insert(ticket, number: "\(bind: number)", on: db).id
            let message = try await TicketWriter.insertMessage(
                Message(id: 0, accountID: accountID, ticketID: ticket.id, kind: .inbound, channel: .email,
                        authorKind: .contact, authorID: contact.id, text: body, html: nil, externalID: nil,
                        deliveryStatus: .none, createdAt: now),
                on: db)
            if db.isPostgres {
                try await SearchIndexWriter.insert(
                    accountID: accountID, ticketID: ticket.id, subject: subject, body: body, on: db)
            }
            for key in CounterKey.keys(ticket) {
                try await db.raw("""
                    INSERT INTO ticket_counters (account_id, dimension, key, count)
                    VALUES (\(bind: accountID), \(bind: key.dimension), \(bind: key.key), 1)
                    ON CONFLICT (account_id, dimension, key) DO UPDATE SET count = ticket_counters.count + 1
                    """).run()
            }
            return (ticket, message)
        }
    }
}

extension Database {
    /// Applies the migrations that come before `name`, leaving the database as an older version left it.
    func migrate(upTo name: String) async throws {
        let migrations = Migrations.all
        guard let index = migrations.firstIndex(where: { $0.name == name }) else {
            throw SwitchboardError(.internalError, "no migration \(name)")
        }
        _ = try await migrate(Array(migrations.prefix(index)), dryRun: false, logger: TestEnvironment.logger)
    }
}
