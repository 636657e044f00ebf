import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// Gathers from the database what ``ThreadMatcher`` decides on.
struct ThreadEvidenceLoader: Sendable {
    let replyAddress: ReplyAddress

    /// Most message ids of In-Reply-To/References looked up per mail.
    static let maxReferenceLookups = 20

    func load(
        _ mail: InboundMail, sender: String, recipients: [String], accountID: Int64, now: Date,
        on db: any SQLDatabase
    ) async throws -> ThreadEvidence {
        let tickets = TicketRepository()
        var evidence = ThreadEvidence(subject: mail.subject, now: now)
        let referenced = mail.parsed.inReplyTo + mail.parsed.references.reversed()
        var seen: Set<String> = []
        for id in referenced.prefix(Self.maxReferenceLookups) where seen.insert(id).inserted {
            if let ticket = try await tickets.getByMessageExternalID(accountID: accountID, externalID: id, on: db) {
                evidence.referencedTicketID = ticket.id
                break
            }
        }
        for address in recipients.prefix(50) {
            if let id = replyAddress.ticketID(from: address),
                try await tickets.get(accountID: accountID, id: id, on: db) != nil
            {
                evidence.replyAddressTicketID = id
                break
            }
        }
        if let number = SubjectTag.ticketNumbers(in: mail.subject).first,
            let ticket = try await tickets.get(accountID: accountID, number: number, on: db)
        {
            evidence.subjectTagTicket = Self.candidate(ticket)
        }
        if let contactID = try await ContactRepository().findID(
            accountID: accountID, kind: .email, value: sender, on: db)
        {
            evidence.senderContactID = contactID
            // Sorted by creation so that SQLite walks the requester's index (account, requester, created_at):
            // sorted by update it chose the updated_at index and scanned every ticket of the last week, which
            // made each ingest slower as the mailbox grew. The matcher does not depend on the order.
            let query = TicketQuery(
                statuses: TicketStatus.allCases.filter(\.isUnsolved), requesterIDs: [contactID],
                updatedAfter: now.addingTimeInterval(-ThreadMatcher.subjectWindow), sort: .createdDesc, limit: 50)
            evidence.recentTickets = try await tickets.list(query, accountID: accountID, on: db).items
                .map(Self.candidate)
        }
        return evidence
    }

    static func candidate(_ ticket: Ticket) -> ThreadEvidence.Candidate {
        ThreadEvidence.Candidate(
            ticketID: ticket.id, requesterID: ticket.requesterID,
            isOpen: ticket.status.isUnsolved && ticket.mergedIntoID == nil, subject: ticket.subject,
            updatedAt: ticket.updatedAt)
    }

    /// The ticket a merged ticket was merged into (following up to 8 merges), else `ticketID` itself.
    static func followMerges(_ ticketID: Int64, accountID: Int64, on db: any SQLDatabase) async throws -> Int64 {
        var current = ticketID
        for _ in 0..<8 {
            guard let ticket = try await TicketRepository().get(accountID: accountID, id: current, on: db),
                let next = ticket.mergedIntoID
            else { return current }
            current = next
        }
        return current
    }
}
