import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/teams`: everyone reads; admins create and change.
struct TeamsController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var name: String
        var memberIDs: [Int64]?

        enum CodingKeys: String, CodingKey {
            case name
            case memberIDs = "member_ids"
        }
    }

    typealias UpdateRequest = PartialTeam

    struct PartialTeam: Decodable {
        var name: String?
        var memberIDs: [Int64]?

        enum CodingKeys: String, CodingKey {
            case name
            case memberIDs = "member_ids"
        }
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get("{id}", use: show)
        routes.patch("{id}", use: update)
        return routes
    }

    static func members(_ ids: [Int64]?) throws -> [Int64]? {
        guard let ids else { return nil }
        guard ids.count <= 1000 else { throw SwitchboardError.invalid("member_ids", "at most 1000 members") }
        for (index, id) in ids.enumerated() { _ = try InputRules.id(id, field: "member_ids[\(index)]") }
        return ids
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID = context.accountID
        let teams = try await dependencies.database.read { db in
            try await TeamRepository().list(accountID: accountID, on: db)
        }
        return try APIJSON.response(ListWire(items: teams.map(TeamWire.init)))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let team = try await dependencies.database.read { db in
            try await TeamRepository().get(accountID: accountID, id: id, on: db)
        }
        guard let team else { throw SwitchboardError.notFound("team") }
        return try APIJSON.response(TeamWire(team))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let name = try InputRules.name(input.name)
        let members = try Self.members(input.memberIDs) ?? []
        let accountID = context.accountID
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let team = try await TeamRepository().create(accountID: accountID, name: name, memberIDs: members, on: db)
            return CreatedResult(status: .created, value: TeamWire(team), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let input = try await request.decodeJSON(UpdateRequest.self, context: context)
        let name = try input.name.map { try InputRules.name($0) }
        let members = try Self.members(input.memberIDs)
        let accountID = context.accountID
        let team = try await dependencies.database.write { db in
            try await TeamRepository().update(accountID: accountID, id: id, name: name, memberIDs: members, on: db)
        }
        return try APIJSON.response(TeamWire(team))
    }
}
