import SQLKit
import SwitchboardCore

/// The per-account ticket numbers (#1, #2, …) that agents and customers quote.
///
/// - SQLite: `accounts.next_ticket_number`, incremented inside the write's transaction. SQLite has one writer, so
///   this costs no waiting, and a write that rolls back gives its number back: numbers have no gaps.
/// - PostgreSQL: one sequence per account, `ticket_numbers_<account id>`. An `UPDATE` of the account row would hold
///   that row's lock until COMMIT (past the WAL flush), so the account's creates would run one at a time; `nextval`
///   takes no lock that lasts. The price: a create that rolls back after taking its number leaves a gap (a failed
///   create whose input was refused by validation takes no number). A number is never given twice: a ticket's commit
///   flushes the WAL that records its number's allocation. `accounts.next_ticket_number` is not used there.
enum TicketNumbers {
    /// The PostgreSQL sequence of `accountID`.
    static func sequenceName(accountID: Int64) -> String { "ticket_numbers_\(accountID)" }

    /// Creates the account's numbering so that its next ticket gets `next` (PostgreSQL: creates the sequence;
    /// SQLite: nothing beyond the account row's column).
    static func create(accountID: Int64, next: Int64, on db: any SQLDatabase) async throws {
        guard db.isPostgres else { return }
        try await db.raw("""
            CREATE SEQUENCE \(ident: sequenceName(accountID: accountID)) AS bigint MINVALUE 1
            START WITH \(unsafeRaw: String(max(next, 1)))
            """).run()
    }

    /// The value of a new ticket's `number` column, for ``TicketWriter/insert(_:number:on:)``. PostgreSQL: `nextval`
    /// of the account's sequence, evaluated by the ticket's own INSERT, which returns it (no round trip of its own).
    /// SQLite: the number taken now from `accounts.next_ticket_number`, inside the write's transaction.
    static func valueForInsert(accountID: Int64, on db: any SQLDatabase) async throws -> SQLText {
        if db.isPostgres { return "nextval(\(bind: sequenceName(accountID: accountID))::regclass)" }
        guard let row = try await db.first("""
            UPDATE accounts SET next_ticket_number = next_ticket_number + 1 WHERE id = \(bind: accountID)
            RETURNING next_ticket_number
            """)
        else { throw SwitchboardError.notFound("account") }
        return "\(bind: try row.value("next_ticket_number", as: Int64.self) - 1)"
    }

    /// The number the account's next ticket would get, without taking it.
    static func peek(accountID: Int64, on db: any SQLDatabase) async throws -> Int64 {
        if db.isPostgres {
            guard let next = try await db.raw("""
                SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END AS next
                FROM \(ident: sequenceName(accountID: accountID))
                """).first(decodingColumn: "next", as: Int64.self)
            else { throw SwitchboardError(.internalError, "no ticket number sequence") }
            return next
        }
        guard let next = try await db.raw("""
            SELECT next_ticket_number FROM accounts WHERE id = \(bind: accountID)
            """).first(decodingColumn: "next_ticket_number", as: Int64.self)
        else { throw SwitchboardError.notFound("account") }
        return next
    }

    /// Makes sure the account's next number is above `used` (after numbers were written directly, by the bulk
    /// loader). Never moves the numbering back.
    static func advance(accountID: Int64, past used: Int64, on db: any SQLDatabase) async throws {
        if db.isPostgres {
            let sequence = sequenceName(accountID: accountID)
            try await db.raw("""
                SELECT setval(\(bind: sequence)::regclass, \(bind: used), true) FROM \(ident: sequence)
                WHERE CASE WHEN is_called THEN last_value + 1 ELSE last_value END <= \(bind: used)
                """).run()
            return
        }
        try await db.raw("""
            UPDATE accounts SET next_ticket_number = \(bind: used + 1)
            WHERE id = \(bind: accountID) AND next_ticket_number <= \(bind: used)
            """).run()
    }
}
