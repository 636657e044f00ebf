import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// Links a bounce to the message that bounced.
enum BounceLink {
    /// Finds the message the bounce reports on (by the returned message's Message-ID, else the bounce's
    /// In-Reply-To/References); on a permanent failure (status 5.x.x or action `failed`) marks the failed
    /// recipient's email identity undeliverable and an outbound message `failed`. Returns the ticket to add the
    /// bounce to, or nil when the bounce names no message we know (it is then treated as an ordinary mail).
    static func apply(_ mail: InboundMail, accountID: Int64, on db: any SQLDatabase) async throws -> Int64? {
        let messages = MessageRepository()
        var original: Message?
        for id in BounceOrigin.originalMessageIDs(of: mail.parsed).prefix(20) {
            if let found = try await messages.getByExternalID(accountID: accountID, externalID: id, on: db) {
                original = found
                break
            }
        }
        guard let original else { return nil }
        let bounce = mail.parsed.bounce
        if isPermanent(bounce) {
            var recipient = bounce.recipient
            if recipient == nil,
                let ticket = try await TicketRepository().get(accountID: accountID, id: original.ticketID, on: db),
                let contact = try await ContactRepository().get(accountID: accountID, id: ticket.requesterID, on: db)
            {
                recipient = contact.primaryEmail
            }
            if let recipient {
                try await ContactRepository().markUndeliverable(
                    accountID: accountID, kind: .email, value: recipient, on: db)
            }
            if original.kind == .outbound {
                try await messages.updateDelivery(
                    accountID: accountID, id: original.id, status: .failed, error: describe(bounce), on: db)
            }
        }
        return try await ThreadEvidenceLoader.followMerges(original.ticketID, accountID: accountID, on: db)
    }

    /// A 5.x.x status, or action `failed` without a 4.x.x status.
    static func isPermanent(_ bounce: BounceInfo) -> Bool {
        if let status = bounce.status?.trimmingCharacters(in: .whitespaces), let first = status.first {
            if first == "5" { return true }
            if first == "4" { return false }
        }
        return bounce.action?.lowercased() == "failed"
    }

    /// The text agents see on the failed message.
    static func describe(_ bounce: BounceInfo) -> String {
        var parts = ["bounced"]
        if let recipient = bounce.recipient { parts.append("for \(recipient)") }
        if let status = bounce.status { parts.append("(status \(status))") }
        var text = parts.joined(separator: " ")
        if let diagnostic = bounce.diagnostic, !diagnostic.isEmpty { text += ": \(diagnostic.prefix(500))" }
        return text
    }
}
