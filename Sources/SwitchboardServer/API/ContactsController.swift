import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `/api/v1/contacts`: customers and their identities. Everyone reads; agents and above create, change and merge.
/// Creating, changing and merging write `contact.created` / `contact.updated` / `contact.merged` events
/// (``ContactOperations``), published after the commit.
struct ContactsController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var name: String
        var email: String?
        var phone: String?
        var organizationID: Int64?
        var notes: String?

        enum CodingKeys: String, CodingKey {
            case name, email, phone, notes
            case organizationID = "organization_id"
        }
    }

    struct UpdateRequest: Decodable {
        var name: String?
        var organizationID: Int64??
        var notes: String?

        enum CodingKeys: String, CodingKey {
            case name, notes
            case organizationID = "organization_id"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            organizationID = try c.decodePatch(Int64.self, forKey: .organizationID)
            notes = try c.decodeIfPresent(String.self, forKey: .notes)
        }
    }

    struct MergeRequest: Decodable {
        var sourceID: Int64

        enum CodingKeys: String, CodingKey {
            case sourceID = "source_id"
        }
    }

    static let maxNotesLength = 10_000

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get("{id}", use: show)
        routes.patch("{id}", use: update)
        routes.post("{id}/merge", use: merge)
        return routes
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let reader = QueryReader(request)
        let text = try reader.string("q", maxLength: 255)
        let limit = try reader.limit()
        let after = try reader.cursor().map { try QueryReader.id($0, field: "cursor") }
        let accountID = context.accountID
        let page = try await dependencies.database.read { db in
            try await ContactRepository().list(accountID: accountID, query: text, limit: limit, after: after, on: db)
        }
        return try APIJSON.response(ListWire(items: page.items.map { ContactWire($0) }, nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let wire = try await dependencies.database.read { db in
            guard let contact = try await ContactRepository().get(accountID: accountID, id: id, on: db) else {
                throw SwitchboardError.notFound("contact")
            }
            let tickets = try await TicketRepository().list(
                TicketQuery(requesterIDs: [id], sort: .createdDesc, limit: 50), accountID: accountID, on: db)
            return ContactWire(contact, tickets: tickets.items)
        }
        return try APIJSON.response(wire)
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let name = try InputRules.name(input.name)
        var identities: [(ContactIdentityKind, String)] = []
        if let email = input.email { identities.append((.email, try Validation.email(email, field: "email"))) }
        if let phone = input.phone { identities.append((.phone, try Validation.phone(phone, field: "phone"))) }
        let organizationID = try input.organizationID.map { try InputRules.id($0, field: "organization_id") }
        let notes = try Validation.text(
            input.notes ?? "", field: "notes", maxLength: Self.maxNotesLength, allowEmpty: true)
        let accountID = context.accountID
        let pairs = identities.map { IdentityPair(kind: $0.0, value: $0.1) }
        let actor = context.actor
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let (contact, events) = try await ContactOperations().create(
                accountID: accountID, name: name, identities: pairs.map { ($0.kind, $0.value) },
                organizationID: organizationID, notes: notes, actor: actor, on: db)
            return CreatedResult(status: .created, value: ContactWire(contact), events: events)
        }
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let id = try context.pathID()
        let input = try await request.decodeJSON(UpdateRequest.self, context: context)
        let name = try input.name.map { try InputRules.name($0) }
        let organizationID: Int64?? = try input.organizationID.map { value in
            try value.map { try InputRules.id($0, field: "organization_id") }
        }
        let notes = try input.notes.map {
            try Validation.text($0, field: "notes", maxLength: Self.maxNotesLength, allowEmpty: true)
        }
        let accountID = context.accountID
        let actor = context.actor
        let (contact, events) = try await dependencies.database.write { db in
            try await ContactOperations().update(
                accountID: accountID, id: id, name: name, organizationID: organizationID, notes: notes, actor: actor,
                on: db)
        }
        dependencies.publish(events)
        return try APIJSON.response(ContactWire(contact))
    }

    @Sendable func merge(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let id = try context.pathID()
        let input = try await request.decodeJSON(MergeRequest.self, context: context)
        let sourceID = try InputRules.id(input.sourceID, field: "source_id")
        guard sourceID != id else {
            throw SwitchboardError.invalid("source_id", "a contact cannot be merged into itself")
        }
        let accountID = context.accountID
        let actor = context.actor
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let (contact, events) = try await ContactOperations().merge(
                accountID: accountID, sourceID: sourceID, into: id, actor: actor, on: db)
            return CreatedResult(status: .ok, value: ContactWire(contact), events: events)
        }
    }
}

/// A `Sendable` (kind, value) pair to carry identities into a transaction closure.
struct IdentityPair: Sendable {
    var kind: ContactIdentityKind
    var value: String
}
