import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/tokens`: the caller's own personal API tokens. The secret is shown once, in the create answer.
struct TokensController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var name: String
    }

    /// `secret` is `null` only when an `Idempotency-Key` retry replays the answer: secrets are never stored.
    struct CreateResponse: Codable {
        var token: APITokenWire
        var secret: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(token, forKey: .token)
            try container.encode(secret, forKey: .secret)
        }
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.delete("{id}", use: revoke)
        return routes
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID = context.accountID
        let userID = context.user.id
        let tokens = try await dependencies.database.read { db in
            try await APITokenRepository().list(accountID: accountID, userID: userID, on: db)
        }
        return try APIJSON.response(ListWire(items: tokens.map(APITokenWire.init)))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let name = try InputRules.name(input.name)
        let accountID = context.accountID
        let userID = context.user.id
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let created = try await APITokenRepository().create(
                accountID: accountID, userID: userID, name: name, on: db)
            return CreatedResult(
                status: .created, value: CreateResponse(token: APITokenWire(created.token), secret: created.secret),
                events: [], storedValue: CreateResponse(token: APITokenWire(created.token), secret: nil))
        }
    }

    @Sendable func revoke(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let userID = context.user.id
        try await dependencies.database.write { db in
            let repository = APITokenRepository()
            let own = try await repository.list(accountID: accountID, userID: userID, on: db)
            guard own.contains(where: { $0.id == id }) else { throw SwitchboardError.notFound("token") }
            try await repository.revoke(accountID: accountID, id: id, on: db)
        }
        return Response(status: .noContent)
    }
}
