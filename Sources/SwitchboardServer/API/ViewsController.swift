import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/views`: saved custom views (named ticket filters) and their tickets.
///
/// Everyone sees the shared views and their own. Agents and above save personal views; admins save, change and
/// delete shared ones. Someone else's personal view is a 404. `GET /views/{id}/tickets` runs the view's filters
/// through the normal keyset-paged ticket list.
struct ViewsController {
    let dependencies: AppDependencies

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get("{id}", use: show)
        routes.patch("{id}", use: update)
        routes.delete("{id}", use: delete)
        routes.get("{id}/tickets", use: tickets)
        return routes
    }

    /// The view `id` if `user` may see it, else `.notFound`.
    static func visibleView(_ id: Int64, user: User, on db: any SQLDatabase) async throws -> SavedView {
        guard let view = try await ViewRepository().get(accountID: user.accountID, id: id, on: db),
            view.isVisible(to: user.id)
        else { throw SwitchboardError.notFound("view") }
        return view
    }

    static func sort(_ raw: String?) throws -> TicketSort? {
        try raw.map { try InputRules.enumValue($0, TicketSort.self, field: "sort") }
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let user = context.user
        let views = try await dependencies.database.read { db in
            try await ViewRepository().list(accountID: user.accountID, userID: user.id, on: db)
        }
        return try APIJSON.response(ListWire(items: views.map(ViewWire.init)))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let user = context.user
        let view = try await dependencies.database.read { db in try await Self.visibleView(id, user: user, on: db) }
        return try APIJSON.response(ViewWire(view))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let input = try await request.decodeJSON(ViewRequests.Create.self, context: context)
        let shared = input.shared ?? false
        if shared, !context.user.role.includes(.admin) {
            throw SwitchboardError(.forbidden, "only admins save shared views; save it as a personal view")
        }
        let name = try InputRules.name(input.name)
        let filters = try (input.filters ?? SavedViewFilters()).validated()
        let sort = try Self.sort(input.sort) ?? .updatedDesc
        let accountID = context.accountID
        let ownerID = shared ? nil : context.user.id
        let now = dependencies.now()
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let view = try await ViewRepository().create(
                accountID: accountID, ownerID: ownerID, name: name, filters: filters, sort: sort, now: now, on: db)
            return CreatedResult(status: .created, value: ViewWire(view), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let input = try await request.decodeJSON(ViewRequests.Update.self, context: context)
        let name = try input.name.map { try InputRules.name($0) }
        let filters = try input.filters.map { try $0.validated() }
        let sort = try Self.sort(input.sort)
        let user = context.user
        let now = dependencies.now()
        let view = try await dependencies.database.write { db in
            let existing = try await Self.visibleView(id, user: user, on: db)
            try Self.checkMayChange(existing, user: user)
            return try await ViewRepository().update(
                accountID: user.accountID, id: id, name: name, filters: filters, sort: sort, now: now, on: db)
        }
        return try APIJSON.response(ViewWire(view))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let user = context.user
        try await dependencies.database.write { db in
            let existing = try await Self.visibleView(id, user: user, on: db)
            try Self.checkMayChange(existing, user: user)
            try await ViewRepository().delete(accountID: user.accountID, id: id, on: db)
        }
        return Response(status: .noContent)
    }

    @Sendable func tickets(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let reader = QueryReader(request)
        let limit = try reader.limit()
        let cursor = try reader.cursor()
        let user = context.user
        let page = try await dependencies.database.read { db in
            let view = try await Self.visibleView(id, user: user, on: db)
            let query = view.filters.query(userID: user.id, sort: view.sort, limit: limit, cursor: cursor)
            return try await TicketRepository().list(query, accountID: user.accountID, on: db)
        }
        return try APIJSON.response(ListWire(items: page.items.map(TicketWire.init), nextCursor: page.nextCursor))
    }

    static func checkMayChange(_ view: SavedView, user: User) throws {
        if view.ownerID == nil, !user.role.includes(.admin) {
            throw SwitchboardError(.forbidden, "only admins change shared views")
        }
    }
}
