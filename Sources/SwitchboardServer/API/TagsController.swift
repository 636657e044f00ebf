import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/tags`: the account's tags with usage counts (everyone), rename and delete across tickets (admins).
///
/// Rename and delete write one `ticket.updated` event per affected ticket (with `"reason": "tag.renamed"` or
/// `"tag.deleted"`) in the same transaction, published after the commit.
struct TagsController {
    let dependencies: AppDependencies

    struct TagWire: Codable, Sendable, Equatable {
        var name: String
        var ticketCount: Int

        enum CodingKeys: String, CodingKey {
            case name
            case ticketCount = "ticket_count"
        }
    }

    struct RenameRequest: Decodable {
        var name: String
    }

    struct ChangeWire: Codable, Sendable {
        var name: String?
        var ticketCount: Int

        enum CodingKeys: String, CodingKey {
            case name
            case ticketCount = "ticket_count"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(ticketCount, forKey: .ticketCount)
        }
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.patch("{name}", use: rename)
        routes.delete("{name}", use: delete)
        return routes
    }

    /// The tag in the path, as typed (normalised by the repository); 400 when it is not a valid tag.
    static func tag(_ context: AuthenticatedContext) throws -> String {
        guard let raw = context.parameters.get("name"), raw.count <= Validation.maxTagLength * 3 else {
            throw SwitchboardError.invalid("name", "must be a tag")
        }
        let decoded = raw.removingPercentEncoding ?? raw
        return try TagRepository.checked(decoded, field: "name")
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID = context.accountID
        let tags = try await dependencies.database.read { db in
            try await TagRepository().list(accountID: accountID, on: db)
        }
        return try APIJSON.response(ListWire(items: tags.map { TagWire(name: $0.name, ticketCount: $0.ticketCount) }))
    }

    @Sendable func rename(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let tag = try Self.tag(context)
        let input = try await request.decodeJSON(RenameRequest.self, context: context)
        let newName = try TagRepository.checked(input.name, field: "name")
        let accountID = context.accountID
        let actor = context.actor
        let now = dependencies.now()
        let result = try await dependencies.database.write { db in
            try await TagRepository().rename(
                accountID: accountID, tag: tag, to: newName, actor: actor, now: now, on: db)
        }
        dependencies.publish(result.events)
        return try APIJSON.response(ChangeWire(name: newName, ticketCount: result.ticketCount))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let tag = try Self.tag(context)
        let accountID = context.accountID
        let actor = context.actor
        let now = dependencies.now()
        let result = try await dependencies.database.write { db in
            try await TagRepository().delete(accountID: accountID, tag: tag, actor: actor, now: now, on: db)
        }
        dependencies.publish(result.events)
        return try APIJSON.response(ChangeWire(name: nil, ticketCount: result.ticketCount))
    }
}
