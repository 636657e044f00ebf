import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// The customer page `GET /contacts/{id}` (another account's contact is a 404). Edits go through
/// `PATCH /api/v1/contacts/{id}` from the page's form.
struct WebContactController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("contacts/:id", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw SwitchboardError(.notFound, "There is no such contact.")
        }
        let accountID = viewer.accountID
        let (layout, contact, organizations, tickets, history, users) = try await dependencies.database.read {
            db in
            guard let contact = try await ContactRepository().get(accountID: accountID, id: id, on: db) else {
                throw SwitchboardError(.notFound, "There is no such contact.")
            }
            return (
                try await WebLayout.load(accountID: accountID, on: db),
                contact,
                try await OrganizationRepository().list(accountID: accountID, limit: 100, on: db).items,
                try await TicketRepository().list(
                    TicketQuery(requesterIDs: [id], sort: .createdDesc, limit: 50), accountID: accountID, on: db
                ).items,
                try await ContactOperations().history(accountID: accountID, contactID: id, on: db),
                try await UserRepository().list(accountID: accountID, on: db)
            )
        }
        let now = dependencies.now()
        var model = layout.model(viewer: viewer, page: "contact")
        let organization = organizations.first { $0.id == contact.organizationID }
        model.merge(Self.customerModel(contact: contact, organization: organization, previous: [])) { _, new in new }
        model["organizations"] = WebModel.options(
            organizations.map(\.id), selected: contact.organizationID, value: { String($0) },
            label: { id in organizations.first { $0.id == id }?.name ?? "Organization \(id)" })
        model["contactTickets"] = tickets.map { ticket in
            [
                "id": ticket.id, "number": ticket.number, "subject": ticket.subject,
                "status": ticket.status.rawValue, "statusLabel": WebFormat.label(ticket.status),
                "channel": WebFormat.label(ticket.channel), "updated": WebFormat.relative(ticket.updatedAt, now: now),
            ] as [String: Any]
        }
        let usersByID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        model["contactEvents"] = history.map { event in
            [
                "iso": WebFormat.iso(event.createdAt), "time": WebFormat.full(event.createdAt),
                "actor": WebTicketController.actorName(event.actor, users: usersByID, contact: contact),
                "summary": Self.describe(event),
            ] as [String: Any]
        }
        return renderer.response(.contact, model)
    }

    /// One line for a contact event of the history.
    static func describe(_ event: Event) -> String {
        guard case .object(let payload) = event.payload else { return event.type }
        switch event.type {
        case EventType.contactCreated:
            guard case .string(let name)? = payload["name"], !name.isEmpty else { return "created the contact" }
            return "created the contact \u{201C}\(name)\u{201D}"
        case EventType.contactMerged:
            var name = ""
            if case .string(let text)? = payload["source_name"] { name = text }
            if name.isEmpty { return "merged another contact into this one" }
            return "merged \u{201C}\(name)\u{201D} into this contact"
        case EventType.contactUpdated:
            guard case .object(let changes)? = payload["changes"] else { return "edited the contact" }
            let labels = ["name": "name", "notes": "notes", "organization_id": "organization"]
            let fields = changes.keys.sorted().map { labels[$0] ?? $0 }
            return "changed " + fields.joined(separator: ", ")
        default:
            return event.type
        }
    }

    /// The `contact`, `organization` and `previousTickets` parts of a page model.
    static func customerModel(contact: Contact?, organization: Organization?, previous: [Ticket]) -> [String: Any] {
        var model: [String: Any] = [:]
        if let contact {
            model["contact"] = WebModel.compact([
                "id": contact.id, "name": contact.name, "notes": contact.notes,
                "identities": contact.identities.map { identity in
                    WebModel.compact([
                        "kind": WebFormat.label(identity.kind), "value": identity.value,
                        "undeliverable": identity.isUndeliverable ? true : nil,
                    ])
                },
            ])
        } else {
            model["contact"] = ["name": "Unknown requester", "identities": [] as [Any]] as [String: Any]
        }
        if let organization {
            model["organization"] = WebModel.compact([
                "name": organization.name, "tier": organization.tier,
                "domains": organization.domains.joined(separator: ", "),
            ])
        }
        model["previousTickets"] = previous.map { ticket in
            [
                "id": ticket.id, "number": ticket.number, "subject": ticket.subject,
                "status": ticket.status.rawValue, "statusLabel": WebFormat.label(ticket.status),
            ] as [String: Any]
        }
        return model
    }
}
