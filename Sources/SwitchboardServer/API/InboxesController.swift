import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/inboxes`: everyone reads; admins create and change.
struct InboxesController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var name: String
        var channel: String
        var emailAddress: String?
        var webFormEnabled: Bool?

        enum CodingKeys: String, CodingKey {
            case name, channel
            case emailAddress = "email_address", webFormEnabled = "web_form_enabled"
        }
    }

    struct UpdateRequest: Decodable {
        var name: String?
        var emailAddress: String??
        var webFormEnabled: Bool?

        enum CodingKeys: String, CodingKey {
            case name
            case emailAddress = "email_address", webFormEnabled = "web_form_enabled"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            emailAddress = try container.decodePatch(String.self, forKey: .emailAddress)
            webFormEnabled = try container.decodeIfPresent(Bool.self, forKey: .webFormEnabled)
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

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let accountID = context.accountID
        let inboxes = try await dependencies.database.read { db in
            try await InboxRepository().list(accountID: accountID, on: db)
        }
        return try APIJSON.response(ListWire(items: inboxes.map(InboxWire.init)))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let inbox = try await dependencies.database.read { db in
            try await InboxRepository().get(accountID: accountID, id: id, on: db)
        }
        guard let inbox else { throw SwitchboardError.notFound("inbox") }
        return try APIJSON.response(InboxWire(inbox))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let name = try InputRules.name(input.name)
        let channel = try InputRules.enumValue(input.channel, Channel.self, field: "channel")
        let address = try input.emailAddress.map { try Validation.email($0, field: "email_address") }
        let webForm = input.webFormEnabled ?? (channel == .webForm)
        let accountID = context.accountID
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let inbox = try await InboxRepository().create(
                accountID: accountID, name: name, channel: channel, emailAddress: address, webFormEnabled: webForm,
                on: db)
            return CreatedResult(status: .created, value: InboxWire(inbox), events: [])
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let input = try await request.decodeJSON(UpdateRequest.self, context: context)
        let name = try input.name.map { try InputRules.name($0) }
        let address: String?? = try input.emailAddress.map { value in
            try value.map { try Validation.email($0, field: "email_address") }
        }
        let accountID = context.accountID
        let inbox = try await dependencies.database.write { db in
            try await InboxRepository().update(
                accountID: accountID, id: id, name: name, emailAddress: address, webFormEnabled: input.webFormEnabled,
                on: db)
        }
        return try APIJSON.response(InboxWire(inbox))
    }
}
