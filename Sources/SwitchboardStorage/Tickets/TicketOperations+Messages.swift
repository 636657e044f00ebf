import Foundation
import SQLKit
import SwitchboardCore

extension TicketOperations {
    /// Adds a reply (outbound), note or inbound customer message, applying ``TicketLifecycle``.
    ///
    /// A customer message on a closed ticket creates a follow-up ticket (`followUpOfID` set) and returns that one;
    /// a message for a ticket that was merged goes to the ticket it was merged into.
    /// `.conflict` (`external_id`) for a duplicate message id; `.invalidTransition` for a reply or note on a
    /// closed ticket; `.invalidInput` (`text`) for an empty message without attachments.
    public func addMessage(
        accountID: Int64, ticketID: Int64, _ new: NewMessage, actor: EventActor, on db: any SQLDatabase
    ) async throws -> (ticket: Ticket, message: Message, events: [Event]) {
        var loaded = try await TicketRepository().get(accountID: accountID, id: ticketID, forUpdate: true, on: db)
        var hops = 0
        while let merged = loaded, merged.status == .closed, let target = merged.mergedIntoID, hops < 8 {
            loaded = try await TicketRepository().get(accountID: accountID, id: target, forUpdate: true, on: db)
            hops += 1
        }
        guard let before = loaded else { throw SwitchboardError.notFound("ticket") }
        let text = try Self.checkedBody(new.text, field: "text")
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, new.attachments.isEmpty {
            throw SwitchboardError.invalid("text", "must not be empty")
        }
        let externalID = try Self.checkedExternalID(new.externalID)
        let now = new.createdAt.map(Timestamp.rounded) ?? self.now()

        let action: TicketLifecycleAction
        switch new.kind {
        case .inbound: action = new.isAutomatic ? .automaticReplyReceived : .customerReplied
        case .outbound: action = new.isAutomatic ? .automaticNoticeSent : .agentReplied(status: new.statusAfterReply)
        case .note, .activity: action = .noteAdded
        }
        var ticket: Ticket
        switch try TicketLifecycle.apply(action, to: before, at: now) {
        case .startFollowUp:
            let followUp = NewTicket(
                accountID: accountID, subject: before.subject, body: text, html: new.html, priority: before.priority,
                type: before.type, channel: new.channel, inboxID: before.inboxID, requesterID: before.requesterID,
                teamID: before.teamID, tags: before.tags, customFields: before.customFields, externalID: externalID,
                attachments: new.attachments, createdAt: new.createdAt, actor: actor, firstMessageKind: .inbound,
                followUpOfID: before.id)
            return try await create(followUp, on: db)
        case .updated(let next):
            ticket = next
        }

        if ticket.status != before.status, ticket.status == .solved {
            try await CustomFieldRepository().requireForSolve(accountID: accountID, ticket.customFields, on: db)
        }
        let message = try await addMessageRow(
            ticket: ticket, kind: new.kind, channel: new.channel, author: (new.authorKind, new.authorID), text: text,
            html: new.html, externalID: externalID, attachments: new.attachments, at: now, on: db)
        ticket.messageCount += 1
        if new.kind == .inbound || (new.kind == .outbound && !new.isAutomatic) {
            ticket.lastMessagePreview = Validation.preview(text)
        }
        ticket.updatedAt = max(now, before.updatedAt)
        try await TicketWriter.save(ticket, on: db)
        try await SearchIndexWriter.append(ticket, text: text, on: db)
        try await TicketCounterRepository.adjust(accountID: accountID, from: before, to: ticket, on: db)

        var drafts: [EventRepository.Draft] = [
            .init(type: EventType.messageCreated, ticketID: ticket.id, actor: actor,
                  payload: Self.messagePayload(message), date: now)
        ]
        let diff = TicketWriter.changes(from: before, to: ticket)
        if !diff.isEmpty {
            drafts.append(.init(type: EventType.ticketUpdated, ticketID: ticket.id, actor: actor,
                                payload: ["changes": .object(diff)], date: now))
        }
        let events = try await EventRepository().appendAll(drafts, accountID: accountID, on: db)
        return (ticket, message, events)
    }

    /// Moves the source's messages to the target (the timeline stays ordered by time) and closes the source with
    /// `mergedIntoID`. `.invalidInput` (`source_id`) when both are the same; `.invalidTransition` when either is
    /// closed; `.notFound` when either is not in the account.
    public func merge(
        accountID: Int64, sourceID: Int64, into targetID: Int64, actor: EventActor, on db: any SQLDatabase
    ) async throws -> (target: Ticket, source: Ticket, events: [Event]) {
        guard sourceID != targetID else {
            throw SwitchboardError.invalid("source_id", "a ticket cannot be merged into itself")
        }
        let tickets = TicketRepository()
        // Lock in id order so two merges of the same pair cannot deadlock.
        var loaded: [Int64: Ticket] = [:]
        for id in [sourceID, targetID].sorted() {
            guard let ticket = try await tickets.get(accountID: accountID, id: id, forUpdate: true, on: db) else {
                throw SwitchboardError.notFound("ticket")
            }
            loaded[id] = ticket
        }
        guard let sourceBefore = loaded[sourceID], let targetBefore = loaded[targetID] else {
            throw SwitchboardError.notFound("ticket")
        }
        guard targetBefore.status != .closed else {
            throw SwitchboardError(.invalidTransition, "a ticket cannot be merged into a closed ticket")
        }
        let now = self.now()
        var source = sourceBefore
        if case .updated(let closed) = try TicketLifecycle.apply(.mergedInto(ticketID: targetID), to: source, at: now) {
            source = closed
        }
        try await db.raw("""
            UPDATE messages SET ticket_id = \(bind: targetID)
            WHERE account_id = \(bind: accountID) AND ticket_id = \(bind: sourceID)
            """).run()
        var target = targetBefore
        target.messageCount += source.messageCount
        source.messageCount = 0
        if let latest = try await db.raw("""
            SELECT text FROM messages
            WHERE account_id = \(bind: accountID) AND ticket_id = \(bind: targetID) AND kind IN ('inbound', 'outbound')
            ORDER BY created_at DESC, id DESC LIMIT 1
            """).first(decodingColumn: "text", as: String.self)
        {
            target.lastMessagePreview = Validation.preview(latest)
        }
        target.updatedAt = now
        source.updatedAt = now
        try await TicketWriter.save(source, on: db)
        try await TicketWriter.save(target, on: db)
        try await SearchIndexWriter.moveBody(from: sourceID, to: targetID, on: db)
        try await TicketCounterRepository.adjust(accountID: accountID, from: sourceBefore, to: source, on: db)

        let repository = EventRepository()
        let payload: JSONValue = [
            "source_id": TicketWriter.json(sourceID), "target_id": TicketWriter.json(targetID),
            "source_number": TicketWriter.json(source.number), "target_number": TicketWriter.json(target.number),
        ]
        let merged = try await repository.append(
            accountID: accountID, type: EventType.ticketMerged, ticketID: targetID, actor: actor, payload: payload,
            at: now, on: db)
        let closed = try await repository.append(
            accountID: accountID, type: EventType.ticketUpdated, ticketID: sourceID, actor: actor,
            payload: ["changes": .object(TicketWriter.changes(from: sourceBefore, to: source))], at: now, on: db)
        return (target, source, [merged, closed])
    }
}
