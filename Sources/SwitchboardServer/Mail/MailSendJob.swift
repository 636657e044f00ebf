import Foundation
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// The `mail.send` job: composes an outbound message (multipart/alternative, attachments, our Message-ID,
/// In-Reply-To/References of the thread, the per-ticket Reply-To, `[#number]` in the subject) and hands it to
/// the configured relay. A 5xx answer fails the message for good (delivery status `failed` with the server's
/// reason, shown in the API); 4xx, network and TLS errors mark it `deferred` and are retried with backoff;
/// success marks it `sent`. Payload: `{"account_id", "message_id"}`.
struct MailSendJob: Sendable {
    static let kind = "mail.send"
    static let maxAttempts = 10

    let settings: EmailSettings
    let store: AttachmentStore

    /// Everything needed to compose one mail, read in one go.
    struct Draft: Sendable {
        var message: Message
        var mail: OutgoingMail?
        var failure: String?
    }

    /// A retryable failure (the runner retries with backoff).
    struct RetryableFailure: Error, CustomStringConvertible {
        var description: String
    }

    func run(_ job: Job, context: JobContext) async throws {
        guard case .object(let payload) = job.payload, case .number(let account)? = payload["account_id"],
            case .number(let messageNumber)? = payload["message_id"]
        else { throw PermanentJobFailure("the payload must name account_id and message_id") }
        let accountID = Int64(account)
        let messageID = Int64(messageNumber)
        let database = context.database
        let draft = try await database.read { db in
            try await self.draft(accountID: accountID, messageID: messageID, on: db)
        }
        guard let draft else { throw PermanentJobFailure("message \(messageID) no longer exists") }
        if draft.message.deliveryStatus == .sent { return }
        func record(_ status: DeliveryStatus, _ error: String?) async throws {
            try await database.write { db in
                try await MessageRepository().updateDelivery(
                    accountID: accountID, id: messageID, status: status, error: error, on: db)
            }
        }
        guard let mail = draft.mail else {
            let reason = draft.failure ?? "the message cannot be sent"
            try await record(.failed, reason)
            throw PermanentJobFailure(reason)
        }
        guard let relay = settings.relay else {
            let reason = "no SMTP relay is configured (smtp_relay_host)"
            try await record(job.attempts >= job.maxAttempts ? .failed : .deferred, reason)
            throw RetryableFailure(description: reason)
        }
        let client = SMTPClient(configuration: Self.clientConfiguration(relay))
        do {
            try await client.send(
                from: mail.from.address, to: (mail.to + mail.cc).map(\.address), message: MailComposer.compose(mail))
        } catch let error as SMTPClientError {
            if error.isPermanent {
                try await record(.failed, "rejected by the mail server: \(error.description)")
                throw PermanentJobFailure(error.description)
            }
            let last = job.attempts >= job.maxAttempts
            try await record(last ? .failed : .deferred, "will retry: \(error.description)")
            throw RetryableFailure(description: error.description)
        }
        try await record(.sent, nil)
        context.logger.info("mail sent", metadata: ["switchboard.message_id": "\(messageID)"])
    }

    static func clientConfiguration(_ relay: EmailSettings.RelaySettings) -> SMTPClient.Configuration {
        let security: SMTPClient.Configuration.Security
        switch relay.security {
        case .none: security = .none
        case .startTLS: security = .startTLS
        case .implicitTLS: security = .implicitTLS
        }
        return SMTPClient.Configuration(
            host: relay.host, port: relay.port, security: security, username: relay.user, password: relay.password,
            trustRootsFile: relay.caFile)
    }

    /// Reads the message, its ticket, requester, inbox, thread and attachments; nil when the message is gone.
    func draft(accountID: Int64, messageID: Int64, on db: any SQLDatabase) async throws -> Draft? {
        guard let message = try await MessageRepository().get(accountID: accountID, id: messageID, on: db) else {
            return nil
        }
        guard let ticket = try await TicketRepository().get(accountID: accountID, id: message.ticketID, on: db),
            let requester = try await ContactRepository().get(accountID: accountID, id: ticket.requesterID, on: db)
        else { return Draft(message: message, failure: "the ticket or its requester no longer exists") }
        guard let recipient = requester.identities.first(where: { $0.kind == .email && !$0.isUndeliverable }) else {
            return Draft(message: message, failure: "the requester has no deliverable email address")
        }
        var fromAddress = settings.fromAddress
        var fromName: String?
        if let inboxID = ticket.inboxID,
            let inbox = try await InboxRepository().get(accountID: accountID, id: inboxID, on: db)
        {
            fromAddress = inbox.emailAddress ?? fromAddress
            fromName = inbox.name
        }
        guard let fromAddress else {
            return Draft(message: message, failure: "no sender address: give the inbox an email address")
        }
        let thread = try await MessageRepository().list(accountID: accountID, ticketID: ticket.id, on: db)
        let earlier = thread.filter { ($0.createdAt, $0.id) < (message.createdAt, message.id) && $0.kind != .note }
        let references = earlier.compactMap(\.externalID)
        let inReplyTo = earlier.last(where: { $0.kind == .inbound && $0.externalID != nil })?.externalID
            ?? references.last
        var attachments: [OutgoingAttachment] = []
        for attachment in try await AttachmentRepository().list(accountID: accountID, messageID: message.id, on: db) {
            guard let data = store.read(sha256: attachment.sha256) else {
                return Draft(message: message, failure: "the attachment \(attachment.filename) is missing on disk")
            }
            attachments.append(OutgoingAttachment(
                filename: attachment.filename, contentType: attachment.contentType, contentID: attachment.contentID,
                isInline: attachment.isInline, data: data))
        }
        let replyTo = ReplyAddress(secret: settings.replySecret).address(ticketID: ticket.id, base: fromAddress)
        let base = SubjectNormalizer.strippingPrefix(ticket.subject) == nil ? "Re: \(ticket.subject)" : ticket.subject
        let mail = OutgoingMail(
            from: MailAddress(address: fromAddress, name: fromName),
            to: [MailAddress(address: recipient.value, name: requester.name.isEmpty ? nil : requester.name)],
            replyTo: replyTo.map { MailAddress(address: $0, name: fromName) },
            subject: SubjectTag.tagged(base, number: ticket.number),
            messageID: message.externalID ?? OutboundMessageID.make(
                ticketID: ticket.id, domain: OutboundMessageID.domain(of: fromAddress)),
            inReplyTo: inReplyTo, references: references, date: message.createdAt, text: message.text,
            html: message.html, attachments: attachments, isAutomatic: message.authorKind == .system)
        return Draft(message: message, mail: mail)
    }
}
