import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/users`: the account's agents and admins. Everyone reads; admins create and change; only owners create,
/// promote to or change owners.
struct UsersController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var email: String
        var name: String
        var role: String
        var password: String?
    }

    struct UpdateRequest: Decodable {
        var name: String?
        var role: String?
        var isActive: Bool?
        var password: String?

        enum CodingKeys: String, CodingKey {
            case name, role, password
            case isActive = "is_active"
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

    private func hashIfGiven(_ password: String?) async throws -> String? {
        guard let password else { return nil }
        try PasswordHasher.validate(password)
        return try await dependencies.hasher.hash(password)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID = context.accountID
        let users = try await dependencies.database.read { db in
            try await UserRepository().list(accountID: accountID, on: db)
        }
        return try APIJSON.response(ListWire(items: users.map(UserWire.init)))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let user = try await dependencies.database.read { db in
            try await UserRepository().get(accountID: accountID, id: id, on: db)
        }
        guard let user else { throw SwitchboardError.notFound("user") }
        return try APIJSON.response(UserWire(user))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let email = try Validation.email(input.email, field: "email")
        let name = try InputRules.name(input.name)
        let role = try InputRules.enumValue(input.role, UserRole.self, field: "role")
        if role == .owner { try context.require(.owner) }
        let passwordHash = try await hashIfGiven(input.password)
        let accountID = context.accountID
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let user = try await UserRepository().create(
                accountID: accountID, email: email, name: name, role: role, passwordHash: passwordHash, on: db)
            return CreatedResult(status: .created, value: UserWire(user), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let input = try await request.decodeJSON(UpdateRequest.self, context: context)
        let name = try input.name.map { try InputRules.name($0) }
        let role = try input.role.map { try InputRules.enumValue($0, UserRole.self, field: "role") }
        if role == .owner { try context.require(.owner) }
        if id == context.user.id, input.isActive == false {
            throw SwitchboardError.invalid("is_active", "you cannot deactivate yourself")
        }
        if id == context.user.id, let role, role < context.user.role {
            throw SwitchboardError.invalid("role", "you cannot lower your own role")
        }
        let passwordHash = try await hashIfGiven(input.password)
        let accountID = context.accountID
        let caller = context.user
        let user = try await dependencies.database.write { db in
            let repository = UserRepository()
            guard let existing = try await repository.get(accountID: accountID, id: id, on: db) else {
                throw SwitchboardError.notFound("user")
            }
            if existing.role == .owner, caller.role != .owner {
                throw SwitchboardError(.forbidden, "only owners can change owners")
            }
            let user = try await repository.update(
                accountID: accountID, id: id, name: name, role: role, isActive: input.isActive,
                passwordHash: passwordHash, on: db)
            if input.isActive == false || passwordHash != nil {
                try await SessionRepository().deleteAll(accountID: accountID, userID: id, on: db)
            }
            return user
        }
        return try APIJSON.response(UserWire(user))
    }
}
