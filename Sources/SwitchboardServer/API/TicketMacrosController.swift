import Foundation
import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// `POST /api/v1/tickets/{id}/macros/{macro_id}/preview` (the rendered text and the changes) and
/// `POST /api/v1/tickets/{id}/macros/{macro_id}/apply` (send the text and apply the changes).
///
/// Apply runs in ONE transaction: the message goes through the same path as a normal reply or note (reply channel,
/// outbound mail job), then the field changes through ``TicketOperations/update`` exactly as a `PATCH` would,
/// writing the same `message.created` and `ticket.updated` events; they are published after the commit.
struct TicketMacrosController {
    let dependencies: AppDependencies

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.post("{id}/macros/{macro_id}/preview", use: preview)
        routes.post("{id}/macros/{macro_id}/apply", use: apply)
        return routes
    }

    /// The placeholder values for `ticket` as seen by `agent`.
    static func values(ticket: Ticket, agent: User, on db: any SQLDatabase) async throws -> MacroValues {
        let contact = try await ContactRepository().get(accountID: ticket.accountID, id: ticket.requesterID, on: db)
        let organizationID = ticket.organizationID ?? contact?.organizationID
        var organization: Organization?
        if let organizationID {
            organization = try await OrganizationRepository().get(
                accountID: ticket.accountID, id: organizationID, on: db)
        }
        return MacroValues(
            customerName: contact?.name, customerEmail: contact?.primaryEmail, ticketNumber: ticket.number,
            ticketSubject: ticket.subject, agentName: agent.name, organizationName: organization?.name)
    }

    static func ticket(_ id: Int64, accountID: Int64, on db: any SQLDatabase) async throws -> Ticket {
        guard let ticket = try await TicketRepository().get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("ticket")
        }
        return ticket
    }

    @Sendable func preview(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let macroID = try context.pathID("macro_id")
        let user = context.user
        let preview = try await dependencies.database.read { db in
            let ticket = try await Self.ticket(id, accountID: user.accountID, on: db)
            let macro = try await MacrosController.visibleMacro(macroID, user: user, on: db)
            let values = try await Self.values(ticket: ticket, agent: user, on: db)
            return MacroPreviewWire(
                macroID: macro.id, body: try MacroTemplate.render(macro.body, values: values),
                changes: MacroActionsWire(macro.actions))
        }
        return try APIJSON.response(preview)
    }

    @Sendable func apply(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try context.pathID()
        let macroID = try context.pathID("macro_id")
        let input = try await request.decodeJSON(MacroRequests.Apply.self, context: context)
        let kind = try input.kind.map { try InputRules.enumValue($0, ComposerKind.self, field: "kind") } ?? .reply
        let status = try input.status.map { try InputRules.enumValue($0, TicketStatus.self, field: "status") }
        var typed: String?
        if let body = input.body, !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            typed = try InputRules.body(body, field: "body")
        }
        let text = typed
        if kind == .reply, text != nil, !context.user.role.canReplyPublicly {
            throw SwitchboardError(.forbidden, "light agents cannot reply publicly; add an internal note instead")
        }
        let user = context.user
        let actor = context.actor
        let email = dependencies.email
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let accountID = user.accountID
            let ticket = try await Self.ticket(id, accountID: accountID, on: db)
            let macro = try await MacrosController.visibleMacro(macroID, user: user, on: db)
            if !macro.actions.isEmpty, !user.role.includes(.agent) {
                throw SwitchboardError(.forbidden, "light agents cannot apply macros that change ticket fields")
            }
            if text == nil, macro.actions.isEmpty {
                throw SwitchboardError.invalid("body", "must not be empty: this macro changes no field")
            }
            var changes = Self.changes(macro.actions)
            var events: [Event] = []
            var sent: Message?
            var current = ticket
            if let text {
                var message: NewMessage
                if kind == .reply {
                    message = NewMessage(
                        kind: .outbound, channel: TicketsController.replyChannel(for: ticket.channel),
                        authorKind: .user, authorID: user.id, text: text,
                        statusAfterReply: status ?? macro.actions.status)
                    changes.status = nil
                    try await email.outbound.prepare(&message, ticket: ticket, on: db)
                } else {
                    message = NewMessage(kind: .note, channel: .agent, authorKind: .user, authorID: user.id, text: text)
                }
                let added = try await TicketOperations().addMessage(
                    accountID: accountID, ticketID: ticket.id, message, actor: actor, on: db)
                try await email.outbound.enqueue(added.message, on: db)
                sent = added.message
                current = added.ticket
                events += added.events
            }
            if changes != TicketChanges() {
                let updated = try await TicketOperations().update(
                    accountID: accountID, id: current.id, changes: changes, actor: actor, on: db)
                current = updated.ticket
                events += updated.events
            }
            return CreatedResult(
                status: .ok, value: MacroApplyWire(ticket: TicketWire(current), message: sent.map(MessageWire.init)),
                events: events)
        }
    }

    /// The ticket changes of a macro, as a `PATCH` would send them.
    static func changes(_ actions: MacroActions) -> TicketChanges {
        var changes = TicketChanges(
            status: actions.status, priority: actions.priority, addTags: actions.addTags,
            removeTags: actions.removeTags)
        if let type = actions.type { changes.type = .some(type) }
        if let assigneeID = actions.assigneeID { changes.assigneeID = .some(assigneeID) }
        if let teamID = actions.teamID { changes.teamID = .some(teamID) }
        return changes
    }
}

/// How the composer sends a macro's text.
enum ComposerKind: String, CaseIterable, Sendable {
    case reply
    case note
}
