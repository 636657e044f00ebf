import Foundation
import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// The inbox pages: `GET /inbox`, `GET /inbox/{view}`, the list fragment `GET /inbox/{view}/list` for live
/// refreshes, and `GET /inbox-counts` (JSON counters for the navigation).
///
/// One page costs three reads in one connection: the maintained counters and teams, one keyset page of tickets,
/// and the requesters, organizations and users of that page in batches (no query per row).
struct WebInboxController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("inbox") { request, context in
            try await page(request, context: context, key: "mine", fragment: false)
        }
        routes.get("inbox/:view") { request, context in
            try await page(request, context: context, key: context.parameters.get("view") ?? "", fragment: false)
        }
        routes.get("inbox/:view/list") { request, context in
            try await page(request, context: context, key: context.parameters.get("view") ?? "", fragment: true)
        }
        routes.get("inbox-counts", use: counts)
    }

    /// Sort choices offered in the toolbar (URL value, storage sort, label).
    static let sorts: [(String, TicketSort, String)] = [
        ("updated_desc", .updatedDesc, "Recently updated"), ("updated_asc", .updatedAsc, "Least recently updated"),
        ("created_desc", .createdDesc, "Newest first"), ("created_asc", .createdAsc, "Oldest first"),
        ("priority_desc", .priorityDesc, "Highest priority"), ("priority_asc", .priorityAsc, "Lowest priority"),
    ]

    @Sendable func counts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let layout = try await dependencies.database.read { db in
            try await WebLayout.load(accountID: viewer.accountID, on: db)
        }
        var fields: HTTPFields = [:]
        fields[.cacheControl] = "no-store"
        return try APIJSON.response(["counts": layout.counts(userID: viewer.user.id)], headers: fields)
    }

    func page(_ request: Request, context: AppRequestContext, key: String, fragment: Bool) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let parameters = request.uri.queryParameters
        let priority = parameters["priority"].flatMap { TicketPriority(rawValue: String($0)) }
        let tag = parameters["tag"].map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let sortValue = parameters["sort"].map(String.init) ?? "updated_desc"
        let sort = Self.sorts.first { $0.0 == sortValue } ?? Self.sorts[0]
        let cursor = parameters["cursor"].map(String.init)
        if !tag.isEmpty, tag.count > Validation.maxTagLength {
            throw SwitchboardError.invalid("tag", "A tag has at most \(Validation.maxTagLength) characters.")
        }
        let accountID = viewer.accountID
        let now = dependencies.now()
        let loaded = try await dependencies.database.read { db -> InboxData? in
            let layout = try await WebLayout.load(accountID: accountID, on: db)
            guard let view = try await InboxPageView.resolve(
                key: key, layout: layout, accountID: accountID, userID: viewer.user.id, withCounts: !fragment,
                on: db)
            else { return nil }
            var query = view.query
            if let priority { query.priorities = [priority] }
            if !tag.isEmpty { query.tags = [tag] }
            if parameters["sort"] != nil || view.savedViewID == nil { query.sort = sort.1 }
            query.cursor = cursor
            let page = try await TicketRepository().list(query, accountID: accountID, on: db)
            let requesterIDs = Array(Set(page.items.map(\.requesterID)))
            let contacts = try await ContactRepository().get(accountID: accountID, ids: requesterIDs, on: db)
            let organizationIDs = Set(page.items.compactMap(\.organizationID) + contacts.compactMap(\.organizationID))
            let organizations = Dictionary(
                try await OrganizationRepository().get(accountID: accountID, ids: Array(organizationIDs), on: db)
                    .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let users = try await UserRepository().list(accountID: accountID, on: db)
            return InboxData(layout: layout, view: view, page: page, contacts: contacts, organizations: organizations,
                             users: users)
        }
        guard let data = loaded else { throw SwitchboardError(.notFound, "There is no inbox view '\(key)'.") }

        let usersByID = Dictionary(uniqueKeysWithValues: data.users.map { ($0.id, $0) })
        let contactsByID = Dictionary(uniqueKeysWithValues: data.contacts.map { ($0.id, $0) })
        let rows: [[String: Any]] = data.page.items.map { ticket in
            let contact = contactsByID[ticket.requesterID]
            let organization = (ticket.organizationID ?? contact?.organizationID).flatMap { data.organizations[$0] }
            return WebModel.compact([
                "id": ticket.id, "number": ticket.number, "subject": ticket.subject,
                "preview": ticket.lastMessagePreview,
                "requester": contact.map(\.name) ?? "Unknown requester",
                "organization": organization?.name,
                "channel": WebFormat.label(ticket.channel),
                "status": ticket.status.rawValue, "statusLabel": WebFormat.label(ticket.status),
                "priority": ticket.priority.rawValue, "priorityLabel": WebFormat.label(ticket.priority),
                "assignee": ticket.assigneeID.flatMap { usersByID[$0]?.name },
                "updatedISO": WebFormat.iso(ticket.updatedAt), "updatedFull": WebFormat.full(ticket.updatedAt),
                "updatedRelative": WebFormat.relative(ticket.updatedAt, now: now),
            ])
        }
        let filterQuery: [(String, String?)] = [
            ("priority", priority?.rawValue), ("tag", tag), ("sort", sortValue == "updated_desc" ? nil : sortValue),
        ]
        let view = data.view
        var model = data.layout.model(viewer: viewer, page: "inbox", current: view.key)
        model["view"] = [
            "key": view.key, "label": view.label, "href": view.href,
            "count": view.countText,
        ] as [String: Any]
        model["savedViewsHTML"] = view.panelHTML(
            priority: priority, tag: tag,
            sort: view.savedViewID != nil && parameters["sort"] == nil ? view.query.sort.rawValue : sortValue,
            canShare: viewer.isAdmin)
        model["tickets"] = rows
        model["hasTickets"] = !rows.isEmpty
        model["fragmentURL"] = WebPaths.url(view.href + "/list", filterQuery + [("cursor", cursor)])
        if let next = data.page.nextCursor {
            model["nextPageHref"] = WebPaths.url(view.href, filterQuery + [("cursor", next)])
        }
        if cursor != nil { model["firstPageHref"] = WebPaths.url(view.href, filterQuery) }
        model["filters"] = [
            "tag": tag,
            "priorities": WebModel.options(TicketPriority.allCases.reversed(), selected: priority,
                                           value: \.rawValue, label: WebFormat.label),
            "sorts": Self.sorts.map { ["value": $0.0, "label": $0.2, "selected": $0.0 == sort.0] as [String: Any] },
        ] as [String: Any]
        model["agents"] = data.users.filter { $0.isActive && $0.role.canBeAssigned }
            .map { ["id": $0.id, "name": $0.name] as [String: Any] }
        model["statuses"] = [TicketStatus.open, .pending, .onHold, .solved]
            .map { ["value": $0.rawValue, "label": WebFormat.label($0)] as [String: Any] }
        model["priorities"] = TicketPriority.allCases
            .map { ["value": $0.rawValue, "label": WebFormat.label($0)] as [String: Any] }
        return renderer.response(fragment ? .inboxList : .inbox, model)
    }
}

/// What one inbox page reads from the database.
private struct InboxData: Sendable {
    let layout: WebLayout
    let view: InboxPageView
    let page: Page<Ticket>
    let contacts: [Contact]
    let organizations: [Int64: Organization]
    let users: [User]
}
