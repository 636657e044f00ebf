import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// The automatic acknowledgement of a new email ticket: a short outbound notice ("we received your request,
/// your reference is [#n]") stored on the ticket and sent by the `mail.send` job with `Auto-Submitted:
/// auto-replied`, inside the SAME transaction that created the ticket.
///
/// Never sent (loop and noise protection, RFC 3834 §2) when the mail is itself automatic (auto-replies,
/// `Precedence: bulk/list/junk`, mailing lists), a bounce, from one of our own inbox addresses, from a
/// machine sender (`mailer-daemon`, `postmaster`, `no-reply`, …), or when the contact already got
/// ``EmailSettings/autoAcknowledgeMaxPerHour`` automatic notices in the last hour.
/// The notice is not a first response and changes no status (``TicketLifecycleAction/automaticNoticeSent``).
struct AutoAcknowledgement: Sendable {
    let settings: EmailSettings

    /// Why no acknowledgement goes out, for the log; nil when one should.
    enum Skip: String, Sendable, Equatable {
        case disabled, automaticMail = "automatic mail", bounce, ownAddress = "own address"
        case machineSender = "machine sender", rateLimited = "rate limited"
    }

    /// Local parts that never read mail.
    static let machineLocalParts: Set<String> = [
        "mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "donotreply", "bounce", "bounces",
    ]

    /// Decides whether `mail` from `sender`, on `ticket`, gets an automatic notice. `optional` notices (the
    /// acknowledgement) follow the `mail_auto_ack` switch; a notice the sender must get (their mail was too large)
    /// does not, but the loop protection and the hourly limit apply to both.
    func skipReason(
        for mail: InboundMail, sender: String, ticket: Ticket, now: Date, optional: Bool = true,
        on db: any SQLDatabase
    ) async throws -> Skip? {
        if optional, !settings.autoAcknowledge { return .disabled }
        guard settings.autoAcknowledgeMaxPerHour > 0 else { return .disabled }
        if mail.parsed.autoReply.isAuto { return .automaticMail }
        if mail.parsed.bounce.isBounce { return .bounce }
        let localPart = sender.split(separator: "@").first.map { $0.lowercased() } ?? ""
        let base = localPart.split(separator: "+").first.map(String.init) ?? localPart
        if Self.machineLocalParts.contains(base) { return .machineSender }
        if try await InboxRepository().get(emailAddress: ReplyAddress.baseAddress(of: sender), on: db) != nil {
            return .ownAddress
        }
        let recent = try await MessageRepository().countAutomaticNotices(
            accountID: ticket.accountID, requesterID: ticket.requesterID, since: now.addingTimeInterval(-3600), on: db)
        return recent >= settings.autoAcknowledgeMaxPerHour ? .rateLimited : nil
    }

    /// Adds the acknowledgement to `ticket` and queues its `mail.send` job; returns the events written.
    func send(
        ticket: Ticket, requesterName: String?, inbox: Inbox, operations: TicketOperations, on db: any SQLDatabase
    ) async throws -> [Event] {
        try await sendNotice(
            Self.text(ticket: ticket, requesterName: requesterName, inboxName: inbox.name), ticket: ticket,
            operations: operations, on: db)
    }

    /// Adds an automatic notice with `text` to `ticket` and queues its `mail.send` job; returns the events written.
    func sendNotice(
        _ text: String, ticket: Ticket, operations: TicketOperations, on db: any SQLDatabase
    ) async throws -> [Event] {
        let outbound = OutboundMail(settings: settings)
        var notice = NewMessage(
            kind: .outbound, channel: .email, authorKind: .system, authorID: nil, text: text, isAutomatic: true)
        try await outbound.prepare(&notice, ticket: ticket, on: db)
        let added = try await operations.addMessage(
            accountID: ticket.accountID, ticketID: ticket.id, notice, actor: .system, on: db)
        try await outbound.enqueue(added.message, on: db)
        return added.events
    }

    /// The notice's text.
    static func text(ticket: Ticket, requesterName: String?, inboxName: String) -> String {
        let name = requesterName?.trimmingCharacters(in: .whitespaces) ?? ""
        let greeting = name.isEmpty ? "Hello," : "Hello \(name),"
        return """
            \(greeting)

            thank you for writing to us. We have received your request and will answer as soon as we can.

            Your reference: [#\(ticket.number)] \(ticket.subject)
            To add anything, simply reply to this email and keep the reference in the subject.

            \(inboxName)
            (This is an automatic message.)
            """
    }
}
