import Foundation
import SQLKit
import SwitchboardCore

/// What a macro is made of, for create and (whole) update.
public struct MacroDraft: Sendable, Equatable {
    public var name: String
    public var body: String
    public var visibility: MacroVisibility
    /// Required for `.team`, must be `nil` otherwise.
    public var teamID: Int64?
    public var actions: MacroActions

    public init(
        name: String, body: String, visibility: MacroVisibility, teamID: Int64? = nil,
        actions: MacroActions = MacroActions()
    ) {
        self.name = name
        self.body = body
        self.visibility = visibility
        self.teamID = teamID
        self.actions = actions
    }

    /// The draft that would save `macro` unchanged (start of a partial update).
    public init(_ macro: Macro) {
        self.init(
            name: macro.name, body: macro.body, visibility: macro.visibility, teamID: macro.teamID,
            actions: macro.actions)
    }
}

/// Macros of an account. Names are unique (case-insensitively) among the shared macros and among each user's
/// personal ones (`.conflict`, field `name`).
public struct MacroRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = """
        id, account_id, name, body, visibility, team_id, owner_id, actions, created_at, updated_at
        """

    /// Creates a macro owned by `ownerID`. `.invalidInput` names the field (`name`, `body` for an unknown
    /// placeholder, `team_id`, `actions.*`); `.conflict` (`name`) for a duplicate name in the same scope.
    public func create(
        accountID: Int64, ownerID: Int64, _ draft: MacroDraft, now: Date = Date(), on db: any SQLDatabase
    ) async throws -> Macro {
        let checked = try await validated(accountID: accountID, draft, on: db)
        let scope = Self.scope(checked.visibility, ownerID: ownerID)
        try await checkNameFree(accountID: accountID, scope: scope, name: checked.name, exceptID: nil, on: db)
        let micros = Timestamp.rounded(now).storageMicros
        let actions = try JSONText.encode(checked.actions)
        guard let row = try await db.raw("""
            INSERT INTO macros (account_id, name, name_key, body, visibility, scope, team_id, owner_id, actions,
                created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: checked.name), \(bind: checked.name.lowercased()), \
            \(bind: checked.body), \(bind: checked.visibility.rawValue), \(bind: scope), \(bind: checked.teamID), \
            \(bind: ownerID), \(bind: actions), \(bind: micros), \(bind: micros))
            RETURNING id
            """).first()
        else { throw SwitchboardError(.internalError, "macro was not created") }
        return Macro(
            id: try row.value("id"), accountID: accountID, name: checked.name, body: checked.body,
            visibility: checked.visibility, teamID: checked.teamID, ownerID: ownerID, actions: checked.actions,
            createdAt: Timestamp.date(micros), updatedAt: Timestamp.date(micros))
    }

    /// The macro, or `nil` when it is not in the account.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Macro? {
        try await db.raw("""
            SELECT \(Self.columns) FROM macros WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// The shared macros (everyone and every team) and `userID`'s personal ones, by name.
    public func list(accountID: Int64, userID: Int64, on db: any SQLDatabase) async throws -> [Macro] {
        try await db.raw("""
            SELECT \(Self.columns) FROM macros WHERE account_id = \(bind: accountID)
            AND (scope = 'shared' OR owner_id = \(bind: userID))
            ORDER BY name_key, id
            """).all().map(Self.decode)
    }

    /// Replaces the macro's fields (the owner stays). Errors as in ``create(accountID:ownerID:_:now:on:)``;
    /// `.notFound` when it is not in the account.
    public func update(
        accountID: Int64, id: Int64, _ draft: MacroDraft, now: Date = Date(), on db: any SQLDatabase
    ) async throws -> Macro {
        guard let existing = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("macro")
        }
        let checked = try await validated(accountID: accountID, draft, on: db)
        if checked.visibility == .personal, existing.ownerID == nil {
            throw SwitchboardError.invalid("visibility", "a macro without an owner cannot become personal")
        }
        let scope = Self.scope(checked.visibility, ownerID: existing.ownerID ?? 0)
        try await checkNameFree(accountID: accountID, scope: scope, name: checked.name, exceptID: id, on: db)
        let micros = max(Timestamp.rounded(now).storageMicros, existing.updatedAt.storageMicros)
        try await db.raw("""
            UPDATE macros SET name = \(bind: checked.name), name_key = \(bind: checked.name.lowercased()), \
            body = \(bind: checked.body), visibility = \(bind: checked.visibility.rawValue), scope = \(bind: scope), \
            team_id = \(bind: checked.teamID), actions = \(bind: try JSONText.encode(checked.actions)), \
            updated_at = \(bind: micros)
            WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).run()
        var macro = existing
        macro.name = checked.name
        macro.body = checked.body
        macro.visibility = checked.visibility
        macro.teamID = checked.teamID
        macro.actions = checked.actions
        macro.updatedAt = Timestamp.date(micros)
        return macro
    }

    /// Deletes the macro; `false` when it was not in the account.
    @discardableResult
    public func delete(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw("""
            DELETE FROM macros WHERE account_id = \(bind: accountID) AND id = \(bind: id) RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// `user:<id>` for personal macros (names unique per owner), `shared` for the others.
    static func scope(_ visibility: MacroVisibility, ownerID: Int64) -> String {
        visibility == .personal ? "user:\(ownerID)" : "shared"
    }

    private func validated(accountID: Int64, _ draft: MacroDraft, on db: any SQLDatabase) async throws -> MacroDraft {
        var result = draft
        result.name = try Validation.text(draft.name, field: "name", maxLength: Validation.maxNameLength)
        try MacroTemplate.validate(draft.body, field: "body")
        if draft.body.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw SwitchboardError.invalid("body", "must not contain NUL characters")
        }
        result.actions = try draft.actions.validated()
        if draft.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, result.actions.isEmpty {
            throw SwitchboardError.invalid("body", "a macro needs a text or at least one field change")
        }
        switch draft.visibility {
        case .team:
            guard let teamID = draft.teamID else {
                throw SwitchboardError.invalid("team_id", "a team macro needs a team")
            }
            try await checkTeam(accountID: accountID, teamID, field: "team_id", on: db)
        case .everyone, .personal:
            if draft.teamID != nil {
                throw SwitchboardError.invalid("team_id", "only team macros have a team")
            }
        }
        if let teamID = result.actions.teamID {
            try await checkTeam(accountID: accountID, teamID, field: "actions.team_id", on: db)
        }
        if let assigneeID = result.actions.assigneeID {
            guard let user = try await UserRepository().get(accountID: accountID, id: assigneeID, on: db),
                user.isActive, user.role.canBeAssigned
            else {
                throw SwitchboardError.invalid("actions.assignee_id", "must be an active agent of this account")
            }
        }
        return result
    }

    private func checkTeam(accountID: Int64, _ id: Int64, field: String, on db: any SQLDatabase) async throws {
        let found = try await db.raw("SELECT id FROM teams WHERE account_id = \(bind: accountID) AND id = \(bind: id)")
            .first()
        if found == nil { throw SwitchboardError.invalid(field, "must be a team of this account") }
    }

    private func checkNameFree(
        accountID: Int64, scope: String, name: String, exceptID: Int64?, on db: any SQLDatabase
    ) async throws {
        let rows = try await db.raw("""
            SELECT id FROM macros WHERE account_id = \(bind: accountID) AND scope = \(bind: scope) \
            AND name_key = \(bind: name.lowercased())
            """).all(decodingColumn: "id", as: Int64.self)
        if rows.contains(where: { $0 != exceptID }) {
            throw SwitchboardError(.conflict, "a macro with this name already exists", field: "name")
        }
    }

    static func decode(_ row: any SQLRow) throws -> Macro {
        Macro(
            id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
            body: try row.value("body"), visibility: try row.enumValue("visibility"),
            teamID: try row.optional("team_id"), ownerID: try row.optional("owner_id"),
            actions: try JSONText.decode(MacroActions.self, from: try row.value("actions")),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
