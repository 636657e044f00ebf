import Foundation
import SwitchboardCore

/// The rows a batch of generated tickets becomes, computed in memory by the same rules ``TicketOperations``
/// applies one call at a time (``TicketLifecycle``, the same event payloads, search text and counter keys).
struct BulkTicketRows {
    var tickets: [Ticket] = []
    var tags: [(ticketID: Int64, tag: String)] = []
    var messages: [Message] = []
    var searchDocuments: [(ticketID: Int64, subject: String, body: String)] = []
    var events: [(id: Int64, type: String, ticketID: Int64, actor: EventActor, payload: String, at: Date)] = []
    /// Net counter changes, with every key a normal write would have touched (a net zero still creates the row).
    var counters: [CounterKey: Int] = [:]

    /// The next ids and ticket number to use; advanced as rows are built.
    struct Cursor: Sendable {
        var ticketID: Int64
        var messageID: Int64
        var eventID: Int64
        var number: Int64
    }

    /// Builds the rows of `scripts`, allocating ids from `cursor`.
    static func build(
        _ scripts: [BenchTicketScript], ids: BenchDirectoryIDs, cursor: inout Cursor
    ) throws -> BulkTicketRows {
        var rows = BulkTicketRows()
        rows.tickets.reserveCapacity(scripts.count)
        rows.messages.reserveCapacity(scripts.count * 4)
        rows.events.reserveCapacity(scripts.count * 7)
        for script in scripts { try rows.add(script, ids: ids, cursor: &cursor) }
        return rows
    }

    private mutating func add(_ script: BenchTicketScript, ids: BenchDirectoryIDs, cursor: inout Cursor) throws {
        let accountID = ids.accountID
        let requesterID = ids.contactIDs[script.requester]
        let channel = ids.inboxChannels[script.inbox]
        let now = Timestamp.rounded(script.createdAt)
        let subject = try Validation.text(script.subject, field: "subject", maxLength: Validation.maxSubjectLength)
        let body = try TicketOperations.checkedBody(script.body, field: "body")
        let tags = try Validation.tags(script.tags, field: "tags")
        var ticket = Ticket(
            id: cursor.ticketID, accountID: accountID, number: cursor.number, subject: subject, status: .new,
            priority: script.priority, type: script.type, channel: channel, inboxID: ids.inboxIDs[script.inbox],
            requesterID: requesterID, organizationID: ids.contactOrganizationIDs[script.requester],
            assigneeID: script.assignee.map { ids.agentIDs[$0] }, teamID: script.team.map { ids.teamIDs[$0] },
            tags: tags, customFields: [:], createdAt: now, updatedAt: now,
            lastMessagePreview: Validation.preview(body), messageCount: 1)
        ticket.waitingSince = now
        cursor.ticketID += 1
        cursor.number += 1
        for tag in tags { self.tags.append((ticket.id, tag)) }
        let requesterActor = EventActor(kind: .contact, id: requesterID)
        let first = addMessage(
            ticket: ticket, kind: .inbound, author: (.contact, requesterID), text: body, at: now, cursor: &cursor)
        var document = SearchDocument(subject: subject, firstText: body)
        adjust(from: nil, to: ticket)
        try appendEvent(
            EventType.ticketCreated, ticket.id, requesterActor,
            ["ticket": TicketWriter.summary(ticket), "message_id": TicketWriter.json(first.id)], now, &cursor)
        try appendEvent(
            EventType.messageCreated, ticket.id, requesterActor, TicketOperations.messagePayload(first), now, &cursor)

        for step in script.steps {
            switch step {
            case .message(let kind, let agent, let rawText, let statusAfterReply, let at):
                let before = ticket
                let text = try TicketOperations.checkedBody(rawText, field: "text")
                let now = Timestamp.rounded(at)
                let author: (kind: AuthorKind, id: Int64?) =
                    kind == .inbound ? (.contact, requesterID) : (.user, agent.map { ids.agentIDs[$0] })
                let actor = EventActor(kind: author.kind, id: author.id)
                let action: TicketLifecycleAction
                switch kind {
                case .inbound: action = .customerReplied
                case .outbound: action = .agentReplied(status: statusAfterReply)
                case .note, .activity: action = .noteAdded
                }
                guard case .updated(let next) = try TicketLifecycle.apply(action, to: before, at: now) else {
                    throw SwitchboardError(.invalidTransition, "a generated ticket would start a follow-up")
                }
                ticket = next
                let message = addMessage(ticket: ticket, kind: kind, author: author, text: text, at: now,
                                         cursor: &cursor)
                ticket.messageCount += 1
                if kind == .inbound || kind == .outbound { ticket.lastMessagePreview = Validation.preview(text) }
                ticket.updatedAt = max(now, before.updatedAt)
                // The same rule as the normal path: only while the body stays within maxBodyBytes (UTF-8 bytes).
                document.append(text)
                adjust(from: before, to: ticket)
                try appendEvent(
                    EventType.messageCreated, ticket.id, actor, TicketOperations.messagePayload(message), now, &cursor)
                let diff = TicketWriter.changes(from: before, to: ticket)
                if !diff.isEmpty {
                    try appendEvent(EventType.ticketUpdated, ticket.id, actor, ["changes": .object(diff)], now, &cursor)
                }
            case .setStatus(let status, let agent, let at):
                let before = ticket
                let now = Timestamp.rounded(at)
                let actor = agent.map { EventActor(kind: .user, id: ids.agentIDs[$0]) } ?? .system
                if status != before.status,
                    case .updated(let moved) = try TicketLifecycle.apply(.setStatus(status), to: ticket, at: now)
                {
                    ticket = moved
                }
                let diff = TicketWriter.changes(from: before, to: ticket)
                if diff.isEmpty { continue }
                if before.status == .closed {
                    throw SwitchboardError(.invalidTransition, "a closed ticket cannot be changed")
                }
                ticket.updatedAt = now
                adjust(from: before, to: ticket)
                try appendEvent(EventType.ticketUpdated, ticket.id, actor, ["changes": .object(diff)], now, &cursor)
            }
        }
        tickets.append(ticket)
        searchDocuments.append((ticket.id, document.subject, document.body))
    }

    private mutating func addMessage(
        ticket: Ticket, kind: MessageKind, author: (kind: AuthorKind, id: Int64?), text: String, at date: Date,
        cursor: inout Cursor
    ) -> Message {
        let message = Message(
            id: cursor.messageID, accountID: ticket.accountID, ticketID: ticket.id, kind: kind,
            channel: ticket.channel, authorKind: author.kind, authorID: author.id, text: text, html: nil,
            externalID: nil, deliveryStatus: kind == .outbound ? .queued : .none, createdAt: date)
        cursor.messageID += 1
        messages.append(message)
        return message
    }

    private mutating func appendEvent(
        _ type: String, _ ticketID: Int64, _ actor: EventActor, _ payload: JSONValue, _ date: Date,
        _ cursor: inout Cursor
    ) throws {
        let stored = StoredEventPayload.stored(type: type, payload: payload)
        events.append((cursor.eventID, type, ticketID, actor, try JSONWriter.encode(stored), date))
        cursor.eventID += 1
    }

    /// The same deltas ``TicketCounterRepository/adjust(accountID:from:to:on:)`` applies.
    private mutating func adjust(from before: Ticket?, to after: Ticket) {
        var delta: [CounterKey: Int] = [:]
        if let before { for key in CounterKey.keys(before) { delta[key, default: 0] -= 1 } }
        for key in CounterKey.keys(after) { delta[key, default: 0] += 1 }
        for (key, change) in delta where change != 0 { counters[key, default: 0] += change }
    }
}
