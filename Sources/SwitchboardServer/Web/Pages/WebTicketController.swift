import Foundation
import HTTPTypes
import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// The ticket page `GET /tickets/{id}`, its timeline fragment `GET /tickets/{id}/timeline` (whole, or with
/// `?after=<message id>` only the newer entries, for live updates), presence
/// `POST /tickets/{id}/presence` and the number lookup `GET /ticket-lookup?number=` used by merge.
///
/// Every lookup filters by the viewer's account: another account's ticket is a 404.
struct WebTicketController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer
    let presence: any PresenceStore

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("tickets/:id", use: show)
        routes.get("tickets/:id/timeline", use: timeline)
        routes.post("tickets/:id/presence", use: heartbeat)
        routes.get("ticket-lookup", use: lookup)
    }

    static func ticketID(_ context: AppRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw SwitchboardError(.notFound, "There is no such ticket.")
        }
        return id
    }

    /// Events the History panel shows unless the whole history is asked for (`?history=all`): a long ticket has
    /// hundreds, and decoding and rendering them all was a fifth of the page's time.
    static let historyLimit = 50

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let id = try Self.ticketID(context)
        let accountID = viewer.accountID
        let wholeHistory = request.uri.queryParameters["history"] == "all"
        let data = try await dependencies.database.read { db -> TicketPageData in
            guard let ticket = try await TicketRepository().get(accountID: accountID, id: id, on: db) else {
                throw SwitchboardError(.notFound, "There is no such ticket.")
            }
            let layout = try await WebLayout.load(accountID: accountID, on: db)
            let messages = try await MessageRepository().list(accountID: accountID, ticketID: id, on: db)
            let (events, eventTotal): ([Event], Int)
            if wholeHistory {
                events = try await EventRepository().list(accountID: accountID, ticketID: id, on: db)
                eventTotal = events.count
            } else {
                (events, eventTotal) = try await EventRepository().listNewest(
                    accountID: accountID, ticketID: id, limit: Self.historyLimit, on: db)
            }
            let users = try await UserRepository().list(accountID: accountID, on: db)
            let contact = try await ContactRepository().get(accountID: accountID, id: ticket.requesterID, on: db)
            let organizationID = contact?.organizationID ?? ticket.organizationID
            let organization = try await organizationID.asyncMap {
                try await OrganizationRepository().get(accountID: accountID, id: $0, on: db)
            } ?? nil
            let previous = try await TicketRepository().list(
                TicketQuery(requesterIDs: [ticket.requesterID], sort: .createdDesc, limit: 20),
                accountID: accountID, on: db
            ).items.filter { $0.id != ticket.id }
            return TicketPageData(ticket: ticket, layout: layout, messages: messages, events: events,
                                  eventTotal: eventTotal, users: users,
                                  contact: contact, organization: organization, previous: previous)
        }
        let now = dependencies.now()
        var model = data.layout.model(viewer: viewer, page: "ticket")
        let ticket = data.ticket
        let usersByID = Dictionary(uniqueKeysWithValues: data.users.map { ($0.id, $0) })
        model["ticket"] = WebModel.compact([
            "id": ticket.id, "number": ticket.number, "subject": ticket.subject,
            "status": ticket.status.rawValue, "statusLabel": WebFormat.label(ticket.status),
            "priority": ticket.priority.rawValue, "priorityLabel": WebFormat.label(ticket.priority),
            "channel": WebFormat.label(ticket.channel), "mergedIntoID": ticket.mergedIntoID,
            "tagsText": ticket.tags.joined(separator: ", "),
            "createdISO": WebFormat.iso(ticket.createdAt), "createdFull": WebFormat.full(ticket.createdAt),
            "updatedISO": WebFormat.iso(ticket.updatedAt), "updatedFull": WebFormat.full(ticket.updatedAt),
            "firstResponse": ticket.firstResponseAt.map(WebFormat.full),
            "messageCount": ticket.messageCount, "reopenCount": ticket.reopenCount > 0 ? ticket.reopenCount : nil,
        ])
        model["messages"] = Self.timeline(data.messages, users: usersByID, contact: data.contact, now: now)
        model["lastMessageID"] = data.messages.map(\.id).max() ?? 0
        let definitions = try await dependencies.database.read { db in
            try await CustomFieldRepository().list(accountID: accountID, on: db)
        }
        let fieldsModel = WebCustomFields.ticketModel(definitions: definitions, values: ticket.customFields)
        model.merge(fieldsModel) { _, new in new }
        if data.eventTotal > data.events.count {
            model["olderEvents"] = ["count": data.eventTotal - data.events.count, "total": data.eventTotal]
        }
        model["historyOpen"] = wholeHistory
        model["events"] = data.events.reversed().map { event in
            [
                "iso": WebFormat.iso(event.createdAt), "time": WebFormat.full(event.createdAt),
                "actor": Self.actorName(event.actor, users: usersByID, contact: data.contact),
                "summary": WebEventSummary.describe(event, users: usersByID),
            ] as [String: Any]
        }
        let canReply = viewer.user.role.canReplyPublicly && ticket.status != .closed
        model["composer"] = [
            "canReply": canReply, "mode": canReply ? "reply" : "note",
            "replyPressed": canReply ? "true" : "false", "notePressed": canReply ? "false" : "true",
        ] as [String: Any]
        let viewerUser = viewer.user
        model["macroPicker"] = try await dependencies.database.read { db in
            try await WebMacroModels.pickerHTML(user: viewerUser, teams: data.layout.teams, users: data.users, on: db)
        }
        let assignable = data.users.filter { ($0.isActive && $0.role.canBeAssigned) || $0.id == ticket.assigneeID }
        model["options"] = [
            "statuses": WebModel.options(
                TicketStatus.allCases.filter { $0 != .new || ticket.status == .new }, selected: ticket.status,
                value: \.rawValue, label: WebFormat.label),
            "priorities": WebModel.options(TicketPriority.allCases, selected: ticket.priority,
                                           value: \.rawValue, label: WebFormat.label),
            "types": WebModel.options(TicketType.allCases, selected: ticket.type, value: \.rawValue,
                                      label: WebFormat.label),
            "agents": WebModel.options(assignable.map(\.id), selected: ticket.assigneeID,
                                       value: { String($0) }, label: { usersByID[$0]?.name ?? "User \($0)" }),
            "teams": WebModel.options(data.layout.teams.map(\.id), selected: ticket.teamID, value: { String($0) },
                                      label: { id in data.layout.teams.first { $0.id == id }?.name ?? "Team \(id)" }),
        ] as [String: Any]
        model.merge(WebContactController.customerModel(
            contact: data.contact, organization: data.organization, previous: data.previous)) { _, new in new }
        return renderer.response(.ticket, model)
    }

    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let id = try Self.ticketID(context)
        let accountID = viewer.accountID
        let (messages, users, contact) = try await dependencies.database.read { db in
            guard let ticket = try await TicketRepository().get(accountID: accountID, id: id, on: db) else {
                throw SwitchboardError(.notFound, "There is no such ticket.")
            }
            return (
                try await MessageRepository().list(accountID: accountID, ticketID: id, on: db),
                try await UserRepository().list(accountID: accountID, on: db),
                try await ContactRepository().get(accountID: accountID, id: ticket.requesterID, on: db)
            )
        }
        let usersByID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        let after = try Self.timelineAfter(request.uri.queryParameters["after"].map(String.init))
        let newer = after.flatMap { Self.appended(messages, after: $0) }
        let shown = newer ?? messages
        let entries = Self.timeline(shown, users: usersByID, contact: contact, now: dependencies.now())
        var headers: HTTPFields = [:]
        headers[Self.timelineModeHeader] = newer == nil ? "full" : "after"
        return renderer.response(.timeline, ["messages": entries], headers: headers)
    }

    /// Says whether a timeline fragment holds the whole timeline (`full`) or only the entries after `?after=`
    /// (`after`), to be appended to what the page shows.
    static let timelineModeHeader = HTTPField.Name("X-Timeline")!

    /// `?after=` of the timeline fragment: absent → `nil`; else a message id (a non-negative integer).
    static func timelineAfter(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let value = Int64(text)
        else { throw SwitchboardError.invalid("after", "must be a message id (a non-negative integer)") }
        return value
    }

    /// The messages with an id above `after` when they all come after every other message in timeline order,
    /// so that appending them to a page showing the others gives the same timeline as a full render; `nil` when
    /// one sorts earlier (a message dated in the past), and the page must be re-rendered whole.
    /// `messages` is in timeline order.
    static func appended(_ messages: [Message], after: Int64) -> [Message]? {
        guard let first = messages.firstIndex(where: { $0.id > after }) else { return [] }
        let tail = messages[first...]
        return tail.allSatisfy({ $0.id > after }) ? Array(tail) : nil
    }

    @Sendable func heartbeat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        try viewer.verifyCSRF(request.headers[AuthenticationMiddleware.csrfHeader])
        let id = try Self.ticketID(context)
        let typing = try await PresenceBeatBody.read(request).typing ?? false
        let accountID = viewer.accountID
        let exists = try await dependencies.database.read { db in
            try await TicketRepository().get(accountID: accountID, id: id, on: db) != nil
        }
        guard exists else { throw SwitchboardError(.notFound, "There is no such ticket.") }
        let viewers = try await presence.beat(
            accountID: accountID, ticketID: id, userID: viewer.user.id, name: viewer.user.name, typing: typing,
            now: dependencies.now())
        return try APIJSON.response(PresenceResponse(viewers: viewers.map(PresenceResponse.Viewer.init)))
    }

    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        guard let raw = request.uri.queryParameters["number"], let number = Int64(raw), number > 0 else {
            throw SwitchboardError.invalid("number", "must be a ticket number")
        }
        let accountID = viewer.accountID
        let ticket = try await dependencies.database.read { db in
            try await TicketRepository().get(accountID: accountID, number: number, on: db)
        }
        guard let ticket else { throw SwitchboardError(.notFound, "There is no ticket #\(number).") }
        return try APIJSON.response(["id": ticket.id, "number": ticket.number])
    }

    /// The timeline entries of `messages`, oldest first.
    static func timeline(
        _ messages: [Message], users: [Int64: User], contact: Contact?, now: Date
    ) -> [[String: Any]] {
        messages.map { message in
            let author: String
            switch message.authorKind {
            case .user: author = message.authorID.flatMap { users[$0]?.name } ?? "An agent"
            case .contact: author = message.authorID == contact?.id ? (contact?.name ?? "Customer") : "Customer"
            case .system: author = "Switchboard"
            }
            let kindLabel: String
            switch message.kind {
            case .inbound: kindLabel = "Customer"
            case .outbound: kindLabel = "Reply"
            case .note: kindLabel = "Internal note"
            case .activity: kindLabel = "Activity"
            }
            let html = message.html.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            return WebModel.compact([
                "id": message.id, "kind": message.kind.rawValue, "kindLabel": kindLabel, "author": author,
                "authorKind": message.authorKind.rawValue, "authorID": message.authorID,
                "isActivity": message.kind == .activity,
                "text": message.text, "html": html,
                "channel": message.kind == .note ? nil : WebFormat.label(message.channel),
                "iso": WebFormat.iso(message.createdAt), "timeFull": WebFormat.full(message.createdAt),
                "time": WebFormat.relative(message.createdAt, now: now),
                "deliveryFailed": message.deliveryStatus == .failed ? true : nil,
                "deliveryError": message.deliveryError,
                "hasAttachments": !message.attachments.isEmpty,
                "attachments": message.attachments.map(WebAttachmentModel.entry),
            ])
        }
    }

    static func actorName(_ actor: EventActor, users: [Int64: User], contact: Contact?) -> String {
        switch actor.kind {
        case .user: actor.id.flatMap { users[$0]?.name } ?? "An agent"
        case .contact: contact?.name ?? "The customer"
        case .system: "Switchboard"
        }
    }
}

/// What the ticket page reads, in one database read.
private struct TicketPageData: Sendable {
    let ticket: Ticket
    let layout: WebLayout
    let messages: [Message]
    let events: [Event]
    /// How many events the ticket has (``events`` may hold only the newest).
    let eventTotal: Int
    let users: [User]
    let contact: Contact?
    let organization: Organization?
    let previous: [Ticket]
}

/// `{"viewers": [{"user_id", "name", "typing"}]}`.
struct PresenceResponse: Encodable {
    struct Viewer: Encodable {
        var userID: Int64
        var name: String
        var typing: Bool

        init(_ presence: PresenceViewer) {
            self.userID = presence.userID
            self.name = presence.name
            self.typing = presence.typing
        }

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case name, typing
        }
    }

    var viewers: [Viewer]
}

extension Optional {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
