import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// The hook the reply route calls so that an agent's email reply goes out: inside the SAME `database.write` as
/// `TicketOperations.addMessage`,
/// 1. ``prepare(_:ticket:on:)`` before it gives the message our Message-ID (its external id, for threading
///    the customer's answer and for bounces), and
/// 2. ``enqueue(_:on:)`` after it queues a durable `mail.send` job for the stored message.
/// Both do nothing for messages that do not go out by email (notes, other channels).
public struct OutboundMail: Sendable {
    let settings: EmailSettings

    public init(settings: EmailSettings) {
        self.settings = settings
    }

    /// Sets `message.externalID` to a new Message-ID under the domain of the ticket's inbox address.
    public func prepare(_ message: inout NewMessage, ticket: Ticket, on db: any SQLDatabase) async throws {
        guard message.kind == .outbound, message.channel == .email, message.externalID == nil else { return }
        var address = settings.fromAddress
        if let inboxID = ticket.inboxID,
            let inbox = try await InboxRepository().get(accountID: ticket.accountID, id: inboxID, on: db),
            let email = inbox.emailAddress
        {
            address = email
        }
        message.externalID = OutboundMessageID.make(
            ticketID: ticket.id, domain: OutboundMessageID.domain(of: address))
    }

    /// Queues the `mail.send` job for a stored outbound email message; nil for other messages.
    @discardableResult
    public func enqueue(_ message: Message, on db: any SQLDatabase) async throws -> Job? {
        guard message.kind == .outbound, message.channel == .email else { return nil }
        return try await JobRepository().enqueue(
            accountID: message.accountID, kind: MailSendJob.kind,
            payload: ["account_id": .number(Double(message.accountID)), "message_id": .number(Double(message.id))],
            runAt: Date(), maxAttempts: MailSendJob.maxAttempts, on: db)
    }
}
