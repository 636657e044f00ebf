import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/custom-fields`: the account's ticket custom field definitions. Everyone reads; admins create,
/// change and delete. Ticket changes are checked against the active definitions (see `CustomFieldRules`).
struct CustomFieldsController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var key: String
        var label: String
        var type: String
        var options: [String]?
        var requiredOnSolve: Bool?
        var position: Int?

        enum CodingKeys: String, CodingKey {
            case key, label, type, options, position
            case requiredOnSolve = "required_on_solve"
        }
    }

    struct UpdateRequest: Decodable {
        var label: String?
        var options: [String]?
        var requiredOnSolve: Bool?
        var position: Int?
        var active: Bool?

        enum CodingKeys: String, CodingKey {
            case label, options, position, active
            case requiredOnSolve = "required_on_solve"
        }
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.patch("{id}", use: update)
        routes.delete("{id}", use: delete)
        return routes
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let activeOnly: Bool
        switch try QueryReader(request).string("active", maxLength: 5) {
        case nil, "false": activeOnly = false
        case "true": activeOnly = true
        default: throw SwitchboardError.invalid("active", "must be true or false")
        }
        let accountID = context.accountID
        let definitions = try await dependencies.database.read { db in
            try await CustomFieldRepository().list(accountID: accountID, activeOnly: activeOnly, on: db)
        }
        return try APIJSON.response(ListWire(items: definitions.map(CustomFieldWire.init)))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let type = try InputRules.enumValue(input.type, CustomFieldType.self, field: "type")
        let key = try CustomFieldRules.key(input.key)
        let label = try InputRules.name(input.label, field: "label")
        let options = try CustomFieldRules.options(input.options ?? [], type: type)
        let accountID = context.accountID
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let definition = try await CustomFieldRepository().create(
                accountID: accountID, key: key, label: label, type: type, options: options,
                requiredOnSolve: input.requiredOnSolve ?? false, position: input.position, on: db)
            return CreatedResult(status: .created, value: CustomFieldWire(definition), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let input = try await request.decodeJSON(UpdateRequest.self, context: context)
        let changes = CustomFieldChanges(
            label: try input.label.map { try InputRules.name($0, field: "label") }, options: input.options,
            requiredOnSolve: input.requiredOnSolve, position: input.position, isActive: input.active)
        let accountID = context.accountID
        let definition = try await dependencies.database.write { db in
            try await CustomFieldRepository().update(accountID: accountID, id: id, changes, on: db)
        }
        return try APIJSON.response(CustomFieldWire(definition))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let accountID = context.accountID
        try await dependencies.database.write { db in
            try await CustomFieldRepository().delete(accountID: accountID, id: id, on: db)
        }
        return Response(status: .noContent)
    }
}
