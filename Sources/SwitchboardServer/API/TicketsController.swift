import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// `/api/v1/tickets`: list, create, show with the full timeline, update, reply, note, merge and events.
///
/// Everyone of the account reads; agents and above create, update, reply and merge; light agents may add notes.
/// Every write runs in one transaction with its events; the events are published after the commit.
struct TicketsController {
    let dependencies: AppDependencies

    struct ShowResponse: Codable {
        var ticket: TicketWire
        var requester: ContactWire?
        var messages: [MessageWire]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(requester, forKey: .requester)
            try c.encode(messages, forKey: .messages)
        }
    }

    struct MergeResponse: Codable {
        var target: TicketWire
        var source: TicketWire
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get("{id}", use: show)
        routes.patch("{id}", use: update)
        routes.post("{id}/replies", use: reply)
        routes.post("{id}/notes", use: note)
        routes.post("{id}/merge", use: merge)
        routes.get("{id}/events", use: events)
        return routes
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let query = try TicketListQuery.parse(request)
        let accountID = context.accountID
        let page = try await dependencies.database.read { db in
            try await TicketRepository().list(query, accountID: accountID, on: db)
        }
        return try APIJSON.response(ListWire(items: page.items.map(TicketWire.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let result = try await dependencies.database.read { db -> ShowResponse in
            guard let ticket = try await TicketRepository().get(accountID: accountID, id: id, on: db) else {
                throw SwitchboardError.notFound("ticket")
            }
            let requester = try await ContactRepository().get(accountID: accountID, id: ticket.requesterID, on: db)
            let messages = try await MessageRepository().list(accountID: accountID, ticketID: id, on: db)
            return ShowResponse(
                ticket: TicketWire(ticket), requester: requester.map { ContactWire($0) },
                messages: messages.map(MessageWire.init))
        }
        return try APIJSON.response(result)
    }

    @Sendable func events(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let accountID = context.accountID
        let events = try await dependencies.database.read { db in
            guard try await TicketRepository().get(accountID: accountID, id: id, on: db) != nil else {
                throw SwitchboardError.notFound("ticket")
            }
            return try await EventRepository().list(accountID: accountID, ticketID: id, on: db)
        }
        return try APIJSON.response(ListWire(items: events.map(EventWire.init)))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let input = try await request.decodeJSON(TicketRequests.Create.self, context: context)
        let new = try newTicket(input, context: context)
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let created = try await TicketOperations().create(new, on: db)
            return CreatedResult(status: .created, value: TicketWire(created.ticket), events: created.events)
        }
    }

    func newTicket(_ input: TicketRequests.Create, context: AuthenticatedContext) throws -> NewTicket {
        let subject = try Validation.text(input.subject, field: "subject", maxLength: Validation.maxSubjectLength)
        let body = try InputRules.body(input.message.body, field: "message.body")
        let html = try InputRules.html(input.message.html, field: "message.html").map(Self.sanitize)
        var requester: RequesterDetails?
        var requesterID: Int64?
        if let id = input.requesterID {
            guard input.requester == nil else {
                throw SwitchboardError.invalid("requester", "give either requester or requester_id, not both")
            }
            requesterID = try InputRules.id(id, field: "requester_id")
        } else if let details = input.requester {
            let email = try details.email.map { try Validation.email($0, field: "requester.email") }
            let phone = try details.phone.map { try Validation.phone($0, field: "requester.phone") }
            guard email != nil || phone != nil else {
                throw SwitchboardError.invalid("requester", "needs an email or a phone number")
            }
            let name = try details.name.map {
                try Validation.text($0, field: "requester.name", maxLength: Validation.maxNameLength, allowEmpty: true)
            }
            requester = RequesterDetails(name: name?.isEmpty == true ? nil : name, email: email, phone: phone)
        } else {
            throw SwitchboardError.invalid("requester", "is required (or requester_id)")
        }
        let priority = try input.priority.map { try InputRules.enumValue($0, TicketPriority.self, field: "priority") }
        let type = try input.type.map { try InputRules.enumValue($0, TicketType.self, field: "type") }
        let channel: Channel = if case .token = context.identity.method { .api } else { .agent }
        return NewTicket(
            accountID: context.accountID, subject: subject, body: body, html: html, priority: priority ?? .normal,
            type: type, channel: channel, inboxID: try input.inboxID.map { try InputRules.id($0, field: "inbox_id") },
            requester: requester, requesterID: requesterID,
            assigneeID: try input.assigneeID.map { try InputRules.id($0, field: "assignee_id") },
            teamID: try input.teamID.map { try InputRules.id($0, field: "team_id") },
            tags: try InputRules.tags(input.tags, field: "tags") ?? [],
            customFields: try input.customFields.map { try InputRules.customFields($0) } ?? [:],
            actor: context.actor)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let id = try context.pathID()
        let input = try await request.decodeJSON(TicketRequests.Update.self, context: context)
        let changes = try Self.changes(input)
        let accountID = context.accountID
        let actor = context.actor
        let result = try await dependencies.database.write { db in
            if input.isEmpty {
                guard let ticket = try await TicketRepository().get(accountID: accountID, id: id, on: db) else {
                    throw SwitchboardError.notFound("ticket")
                }
                return (ticket: ticket, events: [Event]())
            }
            return try await TicketOperations().update(accountID: accountID, id: id, changes: changes, actor: actor, on: db)
        }
        dependencies.publish(result.events)
        return try APIJSON.response(TicketWire(result.ticket))
    }

    static func changes(_ input: TicketRequests.Update) throws -> TicketChanges {
        var changes = TicketChanges()
        changes.subject = try input.subject.map {
            try Validation.text($0, field: "subject", maxLength: Validation.maxSubjectLength)
        }
        changes.status = try input.status.map { try InputRules.enumValue($0, TicketStatus.self, field: "status") }
        changes.priority = try input.priority.map { try InputRules.enumValue($0, TicketPriority.self, field: "priority") }
        if let type = input.type {
            changes.type = .some(try type.map { try InputRules.enumValue($0, TicketType.self, field: "type") })
        }
        if let assignee = input.assigneeID {
            changes.assigneeID = .some(try assignee.map { try InputRules.id($0, field: "assignee_id") })
        }
        if let team = input.teamID {
            changes.teamID = .some(try team.map { try InputRules.id($0, field: "team_id") })
        }
        changes.tags = try InputRules.tags(input.tags, field: "tags")
        changes.addTags = try InputRules.tags(input.addTags, field: "add_tags") ?? []
        changes.removeTags = try InputRules.tags(input.removeTags, field: "remove_tags") ?? []
        changes.customFields = try input.customFields.map { try InputRules.customFields($0) }
        return changes
    }

    @Sendable func reply(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        guard context.user.role.canReplyPublicly else {
            throw SwitchboardError(.forbidden, "light agents cannot reply publicly; add an internal note instead")
        }
        let id = try context.pathID()
        let input = try await request.decodeJSON(TicketRequests.Reply.self, context: context)
        let text = try InputRules.body(input.body, field: "body")
        let html = try InputRules.html(input.html, field: "html").map(Self.sanitize)
        let status = try input.status.map { try InputRules.enumValue($0, TicketStatus.self, field: "status") }
        let message = NewMessage(
            kind: .outbound, channel: .email, authorKind: .user, authorID: context.user.id, text: text, html: html,
            statusAfterReply: status)
        return try await addMessage(message, ticketID: id, request: request, context: context)
    }

    @Sendable func note(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let input = try await request.decodeJSON(TicketRequests.Note.self, context: context)
        let text = try InputRules.body(input.body, field: "body")
        let html = try InputRules.html(input.html, field: "html").map(Self.sanitize)
        let message = NewMessage(
            kind: .note, channel: .agent, authorKind: .user, authorID: context.user.id, text: text, html: html)
        return try await addMessage(message, ticketID: id, request: request, context: context)
    }

    private func addMessage(
        _ message: NewMessage, ticketID: Int64, request: Request, context: AuthenticatedContext
    ) async throws -> Response {
        let accountID = context.accountID
        let actor = context.actor
        let email = dependencies.email
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            var message = message
            if message.kind == .outbound {
                guard let ticket = try await TicketRepository().get(accountID: accountID, id: ticketID, on: db) else {
                    throw SwitchboardError.notFound("ticket")
                }
                message.channel = Self.replyChannel(for: ticket.channel)
                try await email.outbound.prepare(&message, ticket: ticket, on: db)
            }
            let added = try await TicketOperations().addMessage(
                accountID: accountID, ticketID: ticketID, message, actor: actor, on: db)
            try await email.outbound.enqueue(added.message, on: db)
            return CreatedResult(status: .created, value: MessageWire(added.message), events: added.events)
        }
    }

    @Sendable func merge(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.agent)
        let id = try context.pathID()
        let input = try await request.decodeJSON(TicketRequests.Merge.self, context: context)
        let targetID = try InputRules.id(input.targetID, field: "target_id")
        guard targetID != id else { throw SwitchboardError.invalid("target_id", "a ticket cannot be merged into itself") }
        let accountID = context.accountID
        let actor = context.actor
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let merged = try await TicketOperations().merge(
                accountID: accountID, sourceID: id, into: targetID, actor: actor, on: db)
            return CreatedResult(
                status: .ok, value: MergeResponse(target: TicketWire(merged.target), source: TicketWire(merged.source)),
                events: merged.events)
        }
    }

    /// The channel a public reply goes out by: the ticket's own, except tickets started in Switchboard, by API
    /// or by web form, whose customers are answered by email.
    static func replyChannel(for channel: Channel) -> Channel {
        switch channel {
        case .webForm, .api, .agent: .email
        default: channel
        }
    }

    /// Agent-written HTML goes through the same allowlist sanitiser as inbound mail.
    static func sanitize(_ html: String) -> String {
        HTMLSanitizer().sanitize(html)
    }
}
