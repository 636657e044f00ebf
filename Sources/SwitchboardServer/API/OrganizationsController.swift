import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/organizations`: everyone reads; admins create and change.
struct OrganizationsController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var name: String
        var tier: String?
        var domains: [String]?
    }

    struct UpdateRequest: Decodable {
        var name: String?
        var tier: String?
        var domains: [String]?
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get("{id}", use: show)
        routes.patch("{id}", use: update)
        return routes
    }

    static func domains(_ raw: [String]?) throws -> [String]? {
        guard let raw else { return nil }
        guard raw.count <= 100 else { throw SwitchboardError.invalid("domains", "at most 100 domains") }
        for (index, domain) in raw.enumerated() where domain.count > 253 || domain.isEmpty {
            throw SwitchboardError.invalid("domains[\(index)]", "must be a domain name of at most 253 characters")
        }
        return raw
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let query = QueryReader(request)
        let limit = try query.limit()
        let after = try query.cursor().map { try QueryReader.id($0, field: "cursor") }
        let accountID = context.accountID
        let page = try await dependencies.database.read { db in
            try await OrganizationRepository().list(accountID: accountID, limit: limit, after: after, on: db)
        }
        return try APIJSON.response(ListWire(items: page.items.map(OrganizationWire.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let organization = try await dependencies.database.read { db in
            try await OrganizationRepository().get(accountID: accountID, id: id, on: db)
        }
        guard let organization else { throw SwitchboardError.notFound("organization") }
        return try APIJSON.response(OrganizationWire(organization))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let name = try InputRules.name(input.name)
        let tier = try Validation.text(input.tier ?? "standard", field: "tier", maxLength: 64)
        let domains = try Self.domains(input.domains) ?? []
        let accountID = context.accountID
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let organization = try await OrganizationRepository().create(
                accountID: accountID, name: name, tier: tier, domains: domains, on: db)
            return CreatedResult(status: .created, value: OrganizationWire(organization), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let input = try await request.decodeJSON(UpdateRequest.self, context: context)
        let name = try input.name.map { try InputRules.name($0) }
        let tier = try input.tier.map { try Validation.text($0, field: "tier", maxLength: 64) }
        let domains = try Self.domains(input.domains)
        let accountID = context.accountID
        let organization = try await dependencies.database.write { db in
            try await OrganizationRepository().update(
                accountID: accountID, id: id, name: name, tier: tier, domains: domains, on: db)
        }
        return try APIJSON.response(OrganizationWire(organization))
    }
}
