import Foundation
import SQLKit
import SwitchboardCore

/// Writes generated data through the normal write path: contacts with ``ContactRepository``, each ticket and each
/// of its steps with ``TicketOperations`` (create, addMessage, update), one call at a time. It is the reference
/// the bulk loader is checked against, and the "storage ceiling" of the HTTP benchmark (the same rows, no HTTP).
public struct DatasetReplay: Sendable {
    public init() {}

    /// Creates the directory like ``BulkLoader/loadDirectory(_:into:)`` but contact by contact.
    public func loadDirectory(_ directory: BenchDirectory, into database: Database) async throws -> BenchDirectoryIDs {
        var withoutContacts = directory
        withoutContacts.contacts = []
        var ids = try await BulkLoader().loadDirectory(withoutContacts, into: database)
        let organizationIDs = ids.organizationIDs
        let accountID = ids.accountID
        let created = try await database.write { db in
            var created: [(Int64, Int64?)] = []
            for contact in directory.contacts {
                let row = try await ContactRepository().create(
                    accountID: accountID, name: contact.name, identities: [(.email, contact.email)],
                    organizationID: contact.organization.map { organizationIDs[$0] }, on: db)
                created.append((row.id, row.organizationID))
            }
            return created
        }
        ids.contactIDs = created.map(\.0)
        ids.contactOrganizationIDs = created.map(\.1)
        return ids
    }

    /// Writes one ticket and its steps, in one transaction per operation (as the API would).
    @discardableResult
    public func write(
        _ script: BenchTicketScript, ids: BenchDirectoryIDs, into database: Database
    ) async throws -> Int64 {
        let requesterID = ids.contactIDs[script.requester]
        let channel = ids.inboxChannels[script.inbox]
        let new = NewTicket(
            accountID: ids.accountID, subject: script.subject, body: script.body, priority: script.priority,
            type: script.type, channel: channel, inboxID: ids.inboxIDs[script.inbox], requesterID: requesterID,
            assigneeID: script.assignee.map { ids.agentIDs[$0] }, teamID: script.team.map { ids.teamIDs[$0] },
            tags: script.tags, createdAt: script.createdAt, actor: EventActor(kind: .contact, id: requesterID))
        let ticketID = try await database.write { db in try await TicketOperations().create(new, on: db).ticket.id }
        for step in script.steps {
            switch step {
            case .message(let kind, let agent, let text, let statusAfterReply, let at):
                let authorID = kind == .inbound ? requesterID : agent.map { ids.agentIDs[$0] }
                let authorKind: AuthorKind = kind == .inbound ? .contact : .user
                let message = NewMessage(
                    kind: kind, channel: channel, authorKind: authorKind, authorID: authorID, text: text,
                    statusAfterReply: statusAfterReply, createdAt: at)
                _ = try await database.write { db in
                    try await TicketOperations().addMessage(
                        accountID: ids.accountID, ticketID: ticketID, message,
                        actor: EventActor(kind: authorKind, id: authorID), on: db
                    ).message.id
                }
            case .setStatus(let status, let agent, let at):
                let actor = agent.map { EventActor(kind: .user, id: ids.agentIDs[$0]) } ?? .system
                _ = try await database.write { db in
                    try await TicketOperations(now: { at }).update(
                        accountID: ids.accountID, id: ticketID, changes: TicketChanges(status: status), actor: actor,
                        on: db
                    ).ticket.id
                }
            }
        }
        return ticketID
    }
}
