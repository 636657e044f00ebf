import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /api/v1/me`: the caller and their account.
struct MeController {
    let dependencies: AppDependencies

    struct MeResponse: Codable {
        var user: UserWire
        var account: AccountWire
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: show)
        return routes
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID = context.accountID
        let account = try await dependencies.database.read { db in
            try await AccountRepository().get(id: accountID, on: db)
        }
        guard let account else { throw SwitchboardError.notFound("account") }
        return try APIJSON.response(MeResponse(user: UserWire(context.user), account: AccountWire(account)))
    }
}
