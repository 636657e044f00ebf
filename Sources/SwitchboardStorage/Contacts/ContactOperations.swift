import Foundation
import SQLKit
import SwitchboardCore

/// The contact use cases that write an event with the change (`contact.created`, `contact.updated`,
/// `contact.merged`), each meant to run inside ONE `Database.write`. They return the events so the caller can
/// publish them after commit. Events are linked to their contact in `contact_events` for the contact's history.
public struct ContactOperations: Sendable {
    public init() {}

    /// Creates a contact (see ``ContactRepository/create(accountID:name:identities:organizationID:notes:on:)``)
    /// and writes `contact.created` with `{"contact_id", "name", "identities"}`.
    public func create(
        accountID: Int64, name: String, identities: [(ContactIdentityKind, String)] = [],
        organizationID: Int64? = nil, notes: String = "", actor: EventActor, on db: any SQLDatabase
    ) async throws -> (contact: Contact, events: [Event]) {
        let contact = try await ContactRepository().create(
            accountID: accountID, name: name, identities: identities, organizationID: organizationID, notes: notes,
            on: db)
        let event = try await append(
            accountID: accountID, type: EventType.contactCreated, contactID: contact.id, actor: actor,
            payload: [
                "contact_id": .number(Double(contact.id)), "name": .string(contact.name),
                "identities": .array(contact.identities.map { .string($0.kind.rawValue + ":" + $0.value) }),
            ], on: db)
        return (contact, [event])
    }

    /// Changes a contact and writes `contact.updated` with `{"contact_id", "changes": {field: [before, after]}}`;
    /// a change that changes nothing writes no event. `.notFound` when the contact is not in the account.
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, organizationID: Int64?? = nil, notes: String? = nil,
        actor: EventActor, on db: any SQLDatabase
    ) async throws -> (contact: Contact, events: [Event]) {
        let repository = ContactRepository()
        guard let before = try await repository.get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("contact")
        }
        let after = try await repository.update(
            accountID: accountID, id: id, name: name, organizationID: organizationID, notes: notes, on: db)
        var changes: [String: JSONValue] = [:]
        if before.name != after.name { changes["name"] = [.string(before.name), .string(after.name)] }
        if before.notes != after.notes { changes["notes"] = [.string(before.notes), .string(after.notes)] }
        if before.organizationID != after.organizationID {
            changes["organization_id"] = [Self.json(before.organizationID), Self.json(after.organizationID)]
        }
        if changes.isEmpty { return (after, []) }
        let event = try await append(
            accountID: accountID, type: EventType.contactUpdated, contactID: id, actor: actor,
            payload: ["contact_id": .number(Double(id)), "changes": .object(changes)], on: db)
        return (after, [event])
    }

    /// Merges `sourceID` into `targetID` (identities, tickets and the history move; the source is deleted) and
    /// writes `contact.merged` with `{"contact_id", "source_id", "source_name", "identities"}` on the target.
    public func merge(
        accountID: Int64, sourceID: Int64, into targetID: Int64, actor: EventActor, on db: any SQLDatabase
    ) async throws -> (contact: Contact, events: [Event]) {
        let repository = ContactRepository()
        let source = try await repository.get(accountID: accountID, id: sourceID, on: db)
        let target = try await repository.merge(accountID: accountID, sourceID: sourceID, into: targetID, on: db)
        try await db.raw("""
            UPDATE contact_events SET contact_id = \(bind: targetID)
            WHERE account_id = \(bind: accountID) AND contact_id = \(bind: sourceID)
            """).run()
        let event = try await append(
            accountID: accountID, type: EventType.contactMerged, contactID: targetID, actor: actor,
            payload: [
                "contact_id": .number(Double(targetID)), "source_id": .number(Double(sourceID)),
                "source_name": .string(source?.name ?? ""),
                "identities": .array((source?.identities ?? []).map { .string($0.kind.rawValue + ":" + $0.value) }),
            ], on: db)
        return (target, [event])
    }

    /// The contact's events, newest first, at most `limit` (1…100).
    public func history(
        accountID: Int64, contactID: Int64, limit: Int = 50, on db: any SQLDatabase
    ) async throws -> [Event] {
        let limit = try checkedLimit(limit)
        return try await EventRepository.decodeAll(db.raw("""
            SELECT e.id, e.account_id, e.type, e.ticket_id, e.actor_kind, e.actor_id, e.payload, e.created_at
            FROM contact_events c JOIN events e ON e.id = c.event_id
            WHERE c.account_id = \(bind: accountID) AND c.contact_id = \(bind: contactID)
            ORDER BY c.event_id DESC LIMIT \(literal: limit)
            """).all(), on: db)
    }

    private func append(
        accountID: Int64, type: String, contactID: Int64, actor: EventActor, payload: JSONValue,
        on db: any SQLDatabase
    ) async throws -> Event {
        let event = try await EventRepository().append(
            accountID: accountID, type: type, ticketID: nil, actor: actor, payload: payload, on: db)
        try await db.raw("""
            INSERT INTO contact_events (account_id, contact_id, event_id)
            VALUES (\(bind: accountID), \(bind: contactID), \(bind: event.id))
            """).run()
        return event
    }

    static func json(_ value: Int64?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
}
