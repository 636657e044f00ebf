import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /api/v1/search?q=…`: ranked full-text search over tickets and messages, combined with the ticket list
/// filters, answering `{"items": [{"ticket", "snippet", "rank"}]}`.
struct SearchController {
    let dependencies: AppDependencies

    struct Hit: Codable {
        var ticket: TicketWire
        var snippet: String
        var rank: Double
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: search)
        return routes
    }

    @Sendable func search(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let reader = QueryReader(request)
        guard let text = try reader.string("q", maxLength: 500) else {
            throw SwitchboardError.invalid("q", "is required")
        }
        let filters = try TicketListQuery.parse(request)
        let accountID = context.accountID
        let hits = try await dependencies.database.read { db in
            try await SearchRepository().search(
                accountID: accountID, text: text, filters: filters, limit: filters.limit, on: db)
        }
        return try APIJSON.response(ListWire(items: hits.map {
            Hit(ticket: TicketWire($0.ticket), snippet: $0.snippet, rank: $0.rank)
        }))
    }
}
