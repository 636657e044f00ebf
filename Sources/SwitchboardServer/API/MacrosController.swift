import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/macros`: canned responses with placeholders and field changes.
///
/// Everyone lists and reads the macros they may use (admins also see every team's macros, to manage them).
/// Admins create and change shared macros (`everyone`, `team`); agents and above create and change their own
/// `personal` ones. Someone else's personal macro is a 404.
struct MacrosController {
    let dependencies: AppDependencies

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get("{id}", use: show)
        routes.patch("{id}", use: update)
        routes.delete("{id}", use: delete)
        return routes
    }

    /// The macros `user` may see: for admins every shared macro and their own; for others the ones they may use.
    static func visible(_ user: User, on db: any SQLDatabase) async throws -> [Macro] {
        let macros = try await MacroRepository().list(accountID: user.accountID, userID: user.id, on: db)
        if user.role.includes(.admin) { return macros }
        let teamIDs = try await teamIDs(of: user, on: db)
        return macros.filter { $0.isVisible(to: user.id, teamIDs: teamIDs) }
    }

    /// The macro `id` if `user` may see it, else `.notFound`.
    static func visibleMacro(_ id: Int64, user: User, on db: any SQLDatabase) async throws -> Macro {
        guard let macro = try await MacroRepository().get(accountID: user.accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("macro")
        }
        if macro.visibility == .personal, macro.ownerID != user.id { throw SwitchboardError.notFound("macro") }
        if !user.role.includes(.admin), !macro.isVisible(to: user.id, teamIDs: try await teamIDs(of: user, on: db)) {
            throw SwitchboardError.notFound("macro")
        }
        return macro
    }

    static func teamIDs(of user: User, on db: any SQLDatabase) async throws -> Set<Int64> {
        Set(try await TeamRepository().list(accountID: user.accountID, on: db)
            .filter { $0.memberIDs.contains(user.id) }.map(\.id))
    }

    /// Who may save a macro with `visibility`: admins anything, agents personal ones, light agents nothing.
    static func checkMayManage(_ visibility: MacroVisibility, context: AuthenticatedContext) throws {
        if visibility == .personal {
            try context.require(.agent)
        } else if !context.user.role.includes(.admin) {
            throw SwitchboardError(.forbidden, "only admins manage shared macros; agents may save personal ones")
        }
    }

    static func visibility(_ raw: String?) throws -> MacroVisibility? {
        try raw.map { try InputRules.enumValue($0, MacroVisibility.self, field: "visibility") }
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let user = context.user
        let macros = try await dependencies.database.read { db in try await Self.visible(user, on: db) }
        return try APIJSON.response(ListWire(items: macros.map(MacroWire.init)))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let user = context.user
        let macro = try await dependencies.database.read { db in try await Self.visibleMacro(id, user: user, on: db) }
        return try APIJSON.response(MacroWire(macro))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let input = try await request.decodeJSON(MacroRequests.Create.self, context: context)
        let visibility = try Self.visibility(input.visibility) ?? .personal
        try Self.checkMayManage(visibility, context: context)
        let draft = MacroDraft(
            name: try InputRules.name(input.name), body: input.body ?? "", visibility: visibility,
            teamID: try input.teamID.map { try InputRules.id($0, field: "team_id") },
            actions: try input.actions?.actions() ?? MacroActions())
        let accountID = context.accountID
        let ownerID = context.user.id
        let now = dependencies.now()
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let macro = try await MacroRepository().create(
                accountID: accountID, ownerID: ownerID, draft, now: now, on: db)
            return CreatedResult(status: .created, value: MacroWire(macro), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let input = try await request.decodeJSON(MacroRequests.Update.self, context: context)
        let visibility = try Self.visibility(input.visibility)
        let name = try input.name.map { try InputRules.name($0) }
        let teamID = try input.teamID.map { try $0.map { try InputRules.id($0, field: "team_id") } }
        let actions = try input.actions.map { try $0.actions() }
        if let visibility { try Self.checkMayManage(visibility, context: context) }
        let user = context.user
        let now = dependencies.now()
        let macro = try await dependencies.database.write { db in
            let existing = try await Self.visibleMacro(id, user: user, on: db)
            guard existing.isManageable(by: user.id, role: user.role) else {
                throw SwitchboardError(.forbidden, "only admins change shared macros")
            }
            var draft = MacroDraft(existing)
            if let name { draft.name = name }
            if let body = input.body { draft.body = body }
            if let visibility {
                draft.visibility = visibility
                if visibility != .team, teamID == nil { draft.teamID = nil }
            }
            if let teamID { draft.teamID = teamID }
            if let actions { draft.actions = actions }
            return try await MacroRepository().update(accountID: user.accountID, id: id, draft, now: now, on: db)
        }
        return try APIJSON.response(MacroWire(macro))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let user = context.user
        try await dependencies.database.write { db in
            let existing = try await Self.visibleMacro(id, user: user, on: db)
            guard existing.isManageable(by: user.id, role: user.role) else {
                throw SwitchboardError(.forbidden, "only admins delete shared macros")
            }
            try await MacroRepository().delete(accountID: user.accountID, id: id, on: db)
        }
        return Response(status: .noContent)
    }
}
