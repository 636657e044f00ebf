import Foundation
import SQLKit
import SwitchboardCore

/// The ticket use cases that touch several tables, each meant to run inside ONE `Database.write`.
///
/// Each writes its events (`ticket.created`; `ticket.updated` with `{"changes": {field: [before, after]}}`;
/// `message.created`; `ticket.merged`) in the same transaction, keeps the search index and the maintained counters
/// current, and on PostgreSQL `pg_notify`s every event (delivered on COMMIT). They return the events they wrote so
/// the caller can publish them after commit.
public struct TicketOperations: Sendable {
    let clock: @Sendable () -> Date

    /// - Parameter now: the clock (tests inject one); times are kept to the microsecond.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = now
    }

    func now() -> Date { Timestamp.rounded(clock()) }

    /// Creates a ticket and its first message; finds or creates the requester contact.
    ///
    /// `.invalidInput` names the field (`subject`, `body`, `tags`, `custom_fields`, `inbox_id`, `assignee_id`,
    /// `team_id`, `requester`, `requester_id`, `email`, `phone`); `.conflict` (`external_id`) for a duplicate
    /// message id; `.notFound` for an unknown account.
    public func create(
        _ new: NewTicket, on db: any SQLDatabase
    ) async throws -> (ticket: Ticket, message: Message, events: [Event]) {
        let accountID = new.accountID
        let now = new.createdAt.map(Timestamp.rounded) ?? self.now()
        let subject = try Validation.text(new.subject, field: "subject", maxLength: Validation.maxSubjectLength)
        let body = try Self.checkedBody(new.body, field: "body")
        let tags = try Validation.tags(new.tags, field: "tags")
        // New values are checked against the account's definitions; a follow-up keeps its origin's values as they are.
        let customFields = try Self.merged([:], new.customFields.isEmpty || new.followUpOfID != nil
            ? new.customFields
            : try await CustomFieldRepository().checked(accountID: accountID, new.customFields, on: db))
        if let inboxID = new.inboxID { try await Self.checkInbox(accountID: accountID, inboxID, on: db) }
        if let assigneeID = new.assigneeID { try await Self.checkAssignee(accountID: accountID, assigneeID, on: db) }
        if let teamID = new.teamID { try await Self.checkTeam(accountID: accountID, teamID, on: db) }
        if let followUpOfID = new.followUpOfID,
            try await TicketRepository().get(accountID: accountID, id: followUpOfID, on: db) == nil
        {
            throw SwitchboardError.invalid("follow_up_of_id", "must be a ticket of this account")
        }
        // A taken external id fails the message insert on `uq_messages_external_id`, which the storage boundary
        // reports as `.conflict` (`external_id`); the transaction then keeps nothing of this write.
        let externalID = try Self.checkedExternalID(new.externalID)
        let requester = try await resolveRequester(new, on: db)
        let number = try await TicketNumbers.valueForInsert(accountID: accountID, on: db)

        var ticket = Ticket(
            id: 0, accountID: accountID, number: 0, subject: subject, status: .new, priority: new.priority,
            type: new.type, channel: new.channel, inboxID: new.inboxID, requesterID: requester.id,
            organizationID: requester.organizationID, assigneeID: new.assigneeID, teamID: new.teamID, tags: tags,
            customFields: customFields, followUpOfID: new.followUpOfID, createdAt: now, updatedAt: now,
            lastMessagePreview: Validation.preview(body), messageCount: 1)
        let author: (kind: AuthorKind, id: Int64?)
        switch new.firstMessageKind {
        case .inbound:
            ticket.waitingSince = now
            author = (.contact, requester.id)
        case .outbound:
            let outcome = try TicketLifecycle.apply(.agentReplied(status: nil), to: ticket, at: now)
            if case .updated(let answered) = outcome {
                ticket = answered
            }
            author = (new.actor.kind, new.actor.id)
        case .note, .activity:
            author = (new.actor.kind, new.actor.id)
        }
        (ticket.id, ticket.number) = try await TicketWriter.insert(ticket, number: number, on: db)
        try await TicketWriter.insertTags(ticket, on: db)

        let message = try await addMessageRow(
            ticket: ticket, kind: new.firstMessageKind, channel: new.channel, author: author, text: body,
            html: new.html, externalID: externalID, attachments: new.attachments, at: now, on: db)
        try await SearchIndexWriter.insert(
            accountID: accountID, ticketID: ticket.id, subject: subject, body: body, on: db)
        let events = try await EventRepository().appendAll([
            .init(type: EventType.ticketCreated, ticketID: ticket.id, actor: new.actor,
                  payload: ["ticket": TicketWriter.summary(ticket), "message_id": TicketWriter.json(message.id)],
                  date: now),
            .init(type: EventType.messageCreated, ticketID: ticket.id, actor: new.actor,
                  payload: Self.messagePayload(message), date: now),
        ], accountID: accountID, on: db)
        // Last: on PostgreSQL the counter rows stay locked until COMMIT, so they are taken as late as possible.
        try await TicketCounterRepository.adjust(accountID: accountID, from: nil, to: ticket, on: db)
        return (ticket, message, events)
    }

    /// Applies `changes`. Validates that assignee/team belong to the account (`.invalidInput` with the field) and
    /// that the assignee's role can be assigned; status moves go through ``TicketLifecycle``
    /// (`.invalidTransition`). A change that changes nothing writes nothing and returns no events.
    public func update(
        accountID: Int64, id: Int64, changes: TicketChanges, actor: EventActor, on db: any SQLDatabase
    ) async throws -> (ticket: Ticket, events: [Event]) {
        let loaded = try await TicketRepository().get(accountID: accountID, id: id, forUpdate: true, on: db)
        guard let before = loaded else { throw SwitchboardError.notFound("ticket") }
        let now = self.now()
        var ticket = before
        if let subject = changes.subject {
            ticket.subject = try Validation.text(subject, field: "subject", maxLength: Validation.maxSubjectLength)
        }
        if let priority = changes.priority { ticket.priority = priority }
        if let type = changes.type { ticket.type = type }
        if let assigneeID = changes.assigneeID {
            if let assigneeID, assigneeID != before.assigneeID {
                try await Self.checkAssignee(accountID: accountID, assigneeID, on: db)
            }
            ticket.assigneeID = assigneeID
        }
        if let teamID = changes.teamID {
            if let teamID, teamID != before.teamID { try await Self.checkTeam(accountID: accountID, teamID, on: db) }
            ticket.teamID = teamID
        }
        if changes.tags != nil || !changes.addTags.isEmpty || !changes.removeTags.isEmpty {
            var tags = Set(try changes.tags.map { try Validation.tags($0, field: "tags") } ?? ticket.tags)
            tags.formUnion(try Validation.tags(changes.addTags, field: "tags"))
            tags.subtract(try Validation.tags(changes.removeTags, field: "tags"))
            ticket.tags = try Validation.tags(Array(tags), field: "tags")
        }
        if let fields = changes.customFields {
            let checked = try await CustomFieldRepository().checked(accountID: accountID, fields, on: db)
            ticket.customFields = try Self.merged(ticket.customFields, checked)
        }
        if let status = changes.status, status != before.status {
            if case .updated(let moved) = try TicketLifecycle.apply(.setStatus(status), to: ticket, at: now) {
                ticket = moved
            }
        }
        if ticket.status != before.status, ticket.status == .solved || ticket.status == .closed {
            try await CustomFieldRepository().requireForSolve(accountID: accountID, ticket.customFields, on: db)
        }
        let diff = TicketWriter.changes(from: before, to: ticket)
        if diff.isEmpty { return (before, []) }
        if before.status == .closed {
            throw SwitchboardError(.invalidTransition, "a closed ticket cannot be changed")
        }
        ticket.updatedAt = now
        try await TicketWriter.save(ticket, on: db)
        if ticket.tags != before.tags { try await TicketWriter.replaceTags(ticket, on: db) }
        if ticket.subject != before.subject {
            try await SearchIndexWriter.setSubject(ticketID: ticket.id, subject: ticket.subject, on: db)
        }
        try await TicketCounterRepository.adjust(accountID: accountID, from: before, to: ticket, on: db)
        let event = try await EventRepository().append(
            accountID: accountID, type: EventType.ticketUpdated, ticketID: ticket.id, actor: actor,
            payload: ["changes": .object(diff)], at: now, on: db)
        return (ticket, [event])
    }

    // MARK: - Shared helpers

    func addMessageRow(
        ticket: Ticket, kind: MessageKind, channel: Channel, author: (kind: AuthorKind, id: Int64?), text: String,
        html: String?, externalID: String?, attachments: [NewAttachment], at date: Date, on db: any SQLDatabase
    ) async throws -> Message {
        let html = html.map { $0.replacingOccurrences(of: "\0", with: "") }
        let draft = Message(
            id: 0, accountID: ticket.accountID, ticketID: ticket.id, kind: kind, channel: channel,
            authorKind: author.kind, authorID: author.id, text: text, html: html, externalID: externalID,
            deliveryStatus: kind == .outbound ? .queued : .none, createdAt: date)
        var message = try await TicketWriter.insertMessage(draft, on: db)
        let repository = AttachmentRepository()
        for attachment in attachments {
            message.attachments.append(
                try await repository.create(accountID: ticket.accountID, messageID: message.id, attachment, on: db))
        }
        return message
    }

    /// The requester's contact id and organization: the given `requester_id` (one indexed read), or the contact
    /// found or created from the requester's details.
    private func resolveRequester(
        _ new: NewTicket, on db: any SQLDatabase
    ) async throws -> (id: Int64, organizationID: Int64?) {
        let contacts = ContactRepository()
        if let requesterID = new.requesterID {
            guard let organizationID = try await contacts.organizationOf(
                accountID: new.accountID, id: requesterID, on: db)
            else {
                throw SwitchboardError.invalid("requester_id", "must be a contact of this account")
            }
            return (requesterID, organizationID)
        }
        guard let details = new.requester else {
            throw SwitchboardError.invalid("requester", "a requester is needed")
        }
        let contact = try await contacts.findOrCreate(
            accountID: new.accountID, name: details.name, email: details.email, phone: details.phone, on: db
        ).contact
        return (contact.id, contact.organizationID)
    }

    static func messagePayload(_ message: Message) -> JSONValue {
        [
            "message_id": TicketWriter.json(message.id), "kind": .string(message.kind.rawValue),
            "channel": .string(message.channel.rawValue), "author_kind": .string(message.authorKind.rawValue),
            "author_id": TicketWriter.json(message.authorID), "preview": .string(Validation.preview(message.text)),
            "attachment_count": .number(Double(message.attachments.count)),
        ]
    }

    static func checkedBody(_ text: String, field: String) throws -> String {
        guard text.utf8.count <= Validation.maxBodyBytes else {
            throw SwitchboardError(
                .tooLarge, "the message is larger than \(Validation.maxBodyBytes) bytes", field: field)
        }
        return text.utf8.contains(0) ? text.replacingOccurrences(of: "\0", with: "") : text
    }

    static func checkedExternalID(_ value: String?) throws -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        return try Validation.text(trimmed, field: "external_id", maxLength: 998)
    }

    /// `base` with `changes` merged in (`.null` removes a field), validated.
    static func merged(
        _ base: [String: CustomFieldValue], _ changes: [String: CustomFieldValue]
    ) throws -> [String: CustomFieldValue] {
        var result = base
        for (key, value) in changes {
            guard !key.isEmpty, key.count <= 64,
                key.unicodeScalars.allSatisfy({
                    CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)
                })
            else {
                throw SwitchboardError.invalid(
                    "custom_fields", "field names are 1–64 letters, digits, '_', '-' or '.'")
            }
            if case .string(let text) = value, text.count > 10_000 {
                throw SwitchboardError.invalid("custom_fields", "values are at most 10000 characters")
            }
            if case .null = value { result[key] = nil } else { result[key] = value }
        }
        guard result.count <= Validation.maxCustomFields else {
            throw SwitchboardError.invalid("custom_fields", "at most \(Validation.maxCustomFields) custom fields")
        }
        return result
    }

    static func checkInbox(accountID: Int64, _ id: Int64, on db: any SQLDatabase) async throws {
        if try await InboxRepository().get(accountID: accountID, id: id, on: db) == nil {
            throw SwitchboardError.invalid("inbox_id", "must be an inbox of this account")
        }
    }

    static func checkAssignee(accountID: Int64, _ id: Int64, on db: any SQLDatabase) async throws {
        guard let user = try await UserRepository().get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.invalid("assignee_id", "must be a user of this account")
        }
        guard user.isActive else { throw SwitchboardError.invalid("assignee_id", "the user is deactivated") }
        guard user.role.canBeAssigned else {
            throw SwitchboardError.invalid("assignee_id", "light agents cannot be assigned tickets")
        }
    }

    static func checkTeam(accountID: Int64, _ id: Int64, on db: any SQLDatabase) async throws {
        let found = try await db.raw("SELECT id FROM teams WHERE account_id = \(bind: accountID) AND id = \(bind: id)")
            .first()
        if found == nil { throw SwitchboardError.invalid("team_id", "must be a team of this account") }
    }
}
