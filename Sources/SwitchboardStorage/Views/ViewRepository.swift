import Foundation
import SQLKit
import SwitchboardCore

/// A saved custom view: a named ticket filter, shared with the account (`ownerID == nil`) or personal.
public struct SavedView: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    /// The owner of a personal view; `nil` for a view shared with the whole account.
    public var ownerID: Int64?
    public var filters: SavedViewFilters
    public var sort: TicketSort
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, ownerID: Int64?, filters: SavedViewFilters, sort: TicketSort,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.ownerID = ownerID
        self.filters = filters
        self.sort = sort
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether `userID` sees the view (shared, or their own).
    public func isVisible(to userID: Int64) -> Bool { ownerID == nil || ownerID == userID }
}

/// Saved views of an account. Names are unique (case-insensitively) among the shared views and among each
/// user's own (`.conflict`, field `name`).
public struct ViewRepository: Sendable {
    /// The default cap of ``count(_:userID:cap:on:)``.
    public static let countCap = 1000

    public init() {}

    static let columns: SQLQueryString = "id, account_id, name, owner_id, filters, sort, created_at, updated_at"

    /// Creates a view owned by `ownerID` (`nil`: shared). `.invalidInput` names the field (`name`, `filters.*`).
    public func create(
        accountID: Int64, ownerID: Int64?, name: String, filters: SavedViewFilters, sort: TicketSort,
        now: Date = Date(), on db: any SQLDatabase
    ) async throws -> SavedView {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let filters = try filters.validated()
        let scope = Self.scope(ownerID)
        try await checkNameFree(accountID: accountID, scope: scope, name: name, exceptID: nil, on: db)
        let micros = Timestamp.rounded(now).storageMicros
        guard let row = try await db.raw("""
            INSERT INTO saved_views (account_id, name, name_key, owner_id, scope, filters, sort, created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: name), \(bind: name.lowercased()), \(bind: ownerID), \(bind: scope), \
            \(bind: try JSONText.encode(filters)), \(bind: sort.rawValue), \(bind: micros), \(bind: micros))
            RETURNING id
            """).first()
        else { throw SwitchboardError(.internalError, "view was not created") }
        return SavedView(
            id: try row.value("id"), accountID: accountID, name: name, ownerID: ownerID, filters: filters, sort: sort,
            createdAt: Timestamp.date(micros), updatedAt: Timestamp.date(micros))
    }

    /// The view, or `nil` when it is not in the account.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> SavedView? {
        try await db.raw("""
            SELECT \(Self.columns) FROM saved_views WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The shared views and `userID`'s own, shared first, each by name.
    public func list(accountID: Int64, userID: Int64, on db: any SQLDatabase) async throws -> [SavedView] {
        try await db.raw("""
            SELECT \(Self.columns) FROM saved_views WHERE account_id = \(bind: accountID)
            AND (owner_id IS NULL OR owner_id = \(bind: userID))
            ORDER BY scope, name_key, id
            """).all().map(Self.decode)
    }

    /// Changes name, filters and/or sort (`nil` leaves them). Errors as in create; `.notFound` when absent.
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, filters: SavedViewFilters? = nil, sort: TicketSort? = nil,
        now: Date = Date(), on db: any SQLDatabase
    ) async throws -> SavedView {
        guard var view = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("view")
        }
        if let name {
            view.name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
            try await checkNameFree(
                accountID: accountID, scope: Self.scope(view.ownerID), name: view.name, exceptID: id, on: db)
        }
        if let filters { view.filters = try filters.validated() }
        if let sort { view.sort = sort }
        let micros = max(Timestamp.rounded(now).storageMicros, view.updatedAt.storageMicros)
        view.updatedAt = Timestamp.date(micros)
        try await db.raw("""
            UPDATE saved_views SET name = \(bind: view.name), name_key = \(bind: view.name.lowercased()), \
            filters = \(bind: try JSONText.encode(view.filters)), sort = \(bind: view.sort.rawValue), \
            updated_at = \(bind: micros)
            WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).run()
        return view
    }

    /// Deletes the view; `false` when it was not in the account.
    @discardableResult
    public func delete(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Bool {
        !(try await db.raw("""
            DELETE FROM saved_views WHERE account_id = \(bind: accountID) AND id = \(bind: id) RETURNING id
            """).all()).isEmpty
    }

    /// How many tickets the view shows to `userID`, counting at most `cap + 1` rows: one query over the same
    /// indexed filters as the list, stopped by `LIMIT` so a large view costs no more than `cap` index entries.
    /// A result above `cap` means "more than `cap`".
    public func count(
        _ view: SavedView, userID: Int64, cap: Int = ViewRepository.countCap, on db: any SQLDatabase
    ) async throws -> Int {
        let query = view.filters.query(userID: userID, sort: view.sort)
        var sql: SQLQueryString = "SELECT COUNT(*) AS n FROM (SELECT t.id FROM tickets t WHERE t.account_id = "
        sql += "\(bind: view.accountID)"
        sql += try TicketFilterSQL.conditions(query)
        sql += " LIMIT \(literal: max(cap, 0) + 1)) capped"
        guard let row = try await db.raw(sql).first() else { return 0 }
        return try row.int("n")
    }

    static func scope(_ ownerID: Int64?) -> String {
        ownerID.map { "user:\($0)" } ?? "shared"
    }

    private func checkNameFree(
        accountID: Int64, scope: String, name: String, exceptID: Int64?, on db: any SQLDatabase
    ) async throws {
        let rows = try await db.raw("""
            SELECT id FROM saved_views WHERE account_id = \(bind: accountID) AND scope = \(bind: scope) \
            AND name_key = \(bind: name.lowercased())
            """).all(decodingColumn: "id", as: Int64.self)
        if rows.contains(where: { $0 != exceptID }) {
            throw SwitchboardError(.conflict, "a view with this name already exists", field: "name")
        }
    }

    static func decode(_ row: any SQLRow) throws -> SavedView {
        guard let sort = TicketSort(rawValue: try row.value("sort")) else {
            throw SwitchboardError(.internalError, "stored value of sort is not recognised")
        }
        return SavedView(
            id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
            ownerID: try row.optional("owner_id"),
            filters: try JSONText.decode(SavedViewFilters.self, from: try row.value("filters")), sort: sort,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
