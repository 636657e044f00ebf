import Foundation
import Logging
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// The one path every inbound email takes (the raw-email route, the pipe command through it, the SMTP/LMTP
/// listener): raw bytes → parse → inbox → de-duplicate by Message-ID → thread → store, acknowledged only
/// after the commit.
///
/// Attachments are written to disk by content hash before the transaction; the message, its attachment rows,
/// the ticket changes and their events are written in ONE transaction; events are published after the commit.
/// Auto-replies are added without reopening; bounces are linked to the ticket whose mail bounced, and a
/// permanent failure marks the recipient's email identity undeliverable and the outbound message failed.
/// A new ticket gets an automatic acknowledgement in the same transaction unless ``AutoAcknowledgement`` skips it.
public struct EmailIngest: Sendable {
    let database: Database
    let store: AttachmentStore
    let settings: EmailSettings
    let replyAddress: ReplyAddress
    let publish: @Sendable ([Event]) -> Void
    let now: @Sendable () -> Date

    /// An ingest writing to `database` and `store`; `publish` receives committed events.
    public init(
        database: Database, store: AttachmentStore, settings: EmailSettings,
        publish: @escaping @Sendable ([Event]) -> Void = { _ in }, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.store = store
        self.settings = settings
        self.replyAddress = ReplyAddress(secret: settings.replySecret)
        self.publish = publish
        self.now = now
    }

    /// The inbox a recipient address delivers to (`local+token@domain` → `local@domain`), or nil.
    public func inbox(forRecipient address: String) async throws -> Inbox? {
        let base = ReplyAddress.baseAddress(of: address)
        return try await database.read { db in try await InboxRepository().get(emailAddress: base, on: db) }
    }

    /// Stores one raw message. Throws ``SwitchboardError``: `.tooLarge` over the limit, `.notFound` (`inbox`) for
    /// an unknown inbox or recipient, `.invalidInput` for a message without a usable sender, `.unavailable` when
    /// the database or disk is down (retry later).
    public func ingest(_ raw: [UInt8], to destination: EmailDestination, logger: Logger) async throws
        -> EmailIngestResult
    {
        try await store(raw, to: destination, tooLarge: nil, logger: logger)
    }

    /// Stores the stand-in of a mail of `size` bytes, over `limit`, of which only `header` was fetched (IMAP
    /// polling): the header with a text saying so (``TooLargeMail``), threaded like any mail; the sender gets a
    /// notice that it did not arrive (same loop protection and hourly limit as the acknowledgement, even when
    /// acknowledgements are off). A redelivery is recognised by its Message-ID. Throws like ``ingest(_:to:logger:)``.
    public func ingestTooLarge(
        header: [UInt8], size: Int, limit: Int, to destination: EmailDestination, logger: Logger
    ) async throws -> EmailIngestResult {
        let standIn = TooLargeMail.standIn(header: header, size: size, limit: limit)
        return try await store(standIn, to: destination, tooLarge: (size, limit), logger: logger)
    }

    /// The size and the limit of a mail too large to fetch.
    typealias TooLarge = (size: Int, limit: Int)

    private func store(_ raw: [UInt8], to destination: EmailDestination, tooLarge: TooLarge?, logger: Logger)
        async throws -> EmailIngestResult
    {
        let inbox = try await resolve(destination)
        let limit = tooLarge == nil ? settings.maxMessageBytes : max(settings.maxMessageBytes, raw.count)
        let mail = try InboundMail.prepare(raw, maxBytes: limit, store: store)
        let accountID = inbox.accountID
        if let existing = try await duplicate(of: mail, accountID: accountID) { return existing }
        var recipients = (mail.parsed.to + mail.parsed.cc).map(\.address)
        if case .recipient(let address) = destination { recipients.insert(address, at: 0) }
        let evidenceRecipients = recipients
        let arrival = now()
        do {
            let outcome = try await database.write { db in
                try await self.commit(
                    mail, inbox: inbox, recipients: evidenceRecipients, tooLarge: tooLarge, at: arrival, on: db)
            }
            publish(outcome.events)
            logger.info("email ingested", metadata: [
                "switchboard.ticket_id": "\(outcome.result.ticketID)",
                "switchboard.message_id": "\(outcome.result.messageID)",
                "switchboard.thread": "\(outcome.reason)",
            ])
            return outcome.result
        } catch let error as SwitchboardError where error.code == .conflict && error.field == "external_id" {
            // A concurrent delivery of the same message won the race.
            if let existing = try await duplicate(of: mail, accountID: accountID) { return existing }
            throw error
        }
    }

    private func resolve(_ destination: EmailDestination) async throws -> Inbox {
        switch destination {
        case .inbox(let accountID, let inboxID):
            let inbox = try await database.read { db in
                try await InboxRepository().get(accountID: accountID, id: inboxID, on: db)
            }
            guard let inbox else { throw SwitchboardError.notFound("inbox") }
            return inbox
        case .recipient(let address):
            guard let inbox = try await inbox(forRecipient: address) else {
                throw SwitchboardError(.notFound, "no inbox has the address \(address)", field: "inbox")
            }
            return inbox
        }
    }

    private func duplicate(of mail: InboundMail, accountID: Int64) async throws -> EmailIngestResult? {
        let existing = try await database.read { db in
            try await MessageRepository().getByExternalID(accountID: accountID, externalID: mail.externalID, on: db)
        }
        return existing.map {
            EmailIngestResult(ticketID: $0.ticketID, messageID: $0.id, createdTicket: false, duplicate: true)
        }
    }

    struct Outcome: Sendable {
        var result: EmailIngestResult
        var events: [Event]
        var reason: String
    }

    /// Everything inside the one transaction.
    private func commit(
        _ mail: InboundMail, inbox: Inbox, recipients: [String], tooLarge: TooLarge?, at arrival: Date,
        on db: any SQLDatabase
    ) async throws -> Outcome {
        let accountID = inbox.accountID
        let operations = TicketOperations(now: now)
        if mail.parsed.bounce.isBounce, let bounced = try await BounceLink.apply(mail, accountID: accountID, on: db) {
            let message = NewMessage(
                kind: .inbound, channel: .email, authorKind: .system, authorID: nil, text: mail.text, html: mail.html,
                externalID: mail.externalID, attachments: mail.attachments, isAutomatic: true)
            let added = try await operations.addMessage(
                accountID: accountID, ticketID: bounced, message, actor: .system, on: db)
            return Outcome(
                result: EmailIngestResult(
                    ticketID: added.ticket.id, messageID: added.message.id,
                    createdTicket: added.ticket.id != bounced, duplicate: false),
                events: added.events, reason: "bounce")
        }
        let sender = try Self.senderAddress(mail.parsed)
        let evidence = try await ThreadEvidenceLoader(replyAddress: replyAddress).load(
            mail, sender: sender, recipients: recipients, accountID: accountID, now: arrival, on: db)
        switch ThreadMatcher.decide(evidence) {
        case .existing(let ticketID, let reason):
            let target = try await ThreadEvidenceLoader.followMerges(ticketID, accountID: accountID, on: db)
            let contact = try await ContactRepository().findOrCreate(
                accountID: accountID, name: mail.parsed.from?.name, email: sender, phone: nil, on: db)
            let message = NewMessage(
                kind: .inbound, channel: .email, authorKind: .contact, authorID: contact.contact.id, text: mail.text,
                html: mail.html, externalID: mail.externalID, attachments: mail.attachments,
                isAutomatic: mail.parsed.autoReply.isAuto)
            let added = try await operations.addMessage(
                accountID: accountID, ticketID: target, message,
                actor: EventActor(kind: .contact, id: contact.contact.id), on: db)
            var events = added.events
            if let tooLarge {
                events += try await tooLargeNotice(
                    mail, tooLarge, sender: sender, ticket: added.ticket, inbox: inbox,
                    operations: operations, at: arrival, on: db)
            }
            return Outcome(
                result: EmailIngestResult(
                    ticketID: added.ticket.id, messageID: added.message.id, createdTicket: added.ticket.id != target,
                    duplicate: false),
                events: events, reason: reason.rawValue)
        case .newTicket:
            let ticket = NewTicket(
                accountID: accountID, subject: mail.subject, body: mail.text, html: mail.html, channel: .email,
                inboxID: inbox.id, requester: RequesterDetails(name: mail.parsed.from?.name, email: sender),
                // The sender's contact, already looked up for threading, is not looked up again.
                requesterID: evidence.senderContactID, externalID: mail.externalID, attachments: mail.attachments,
                actor: EventActor(kind: .contact, id: nil))
            let created = try await operations.create(ticket, on: db)
            var events = created.events
            if let tooLarge {
                events += try await tooLargeNotice(
                    mail, tooLarge, sender: sender, ticket: created.ticket, inbox: inbox,
                    operations: operations, at: arrival, on: db)
                return Outcome(
                    result: EmailIngestResult(
                        ticketID: created.ticket.id, messageID: created.message.id, createdTicket: true,
                        duplicate: false),
                    events: events, reason: "new, too large")
            }
            let acknowledgement = AutoAcknowledgement(settings: settings)
            let skip = try await acknowledgement.skipReason(
                for: mail, sender: sender, ticket: created.ticket, now: arrival, on: db)
            if skip == nil {
                events += try await acknowledgement.send(
                    ticket: created.ticket, requesterName: mail.parsed.from?.name, inbox: inbox,
                    operations: operations, on: db)
            }
            return Outcome(
                result: EmailIngestResult(
                    ticketID: created.ticket.id, messageID: created.message.id, createdTicket: true, duplicate: false),
                events: events, reason: skip.map { "new, not acknowledged: \($0.rawValue)" } ?? "new, acknowledged")
        }
    }

    /// Tells the sender of a too-large mail that it did not arrive, unless loop protection or the limit says no.
    private func tooLargeNotice(
        _ mail: InboundMail, _ tooLarge: TooLarge, sender: String, ticket: Ticket, inbox: Inbox,
        operations: TicketOperations,
        at arrival: Date, on db: any SQLDatabase
    ) async throws -> [Event] {
        let notices = AutoAcknowledgement(settings: settings)
        let skip = try await notices.skipReason(
            for: mail, sender: sender, ticket: ticket, now: arrival, optional: false, on: db)
        guard skip == nil else { return [] }
        let text = TooLargeMail.senderNotice(
            ticket: ticket, requesterName: mail.parsed.from?.name, size: tooLarge.size, limit: tooLarge.limit,
            inboxName: inbox.name)
        return try await notices.sendNotice(text, ticket: ticket, operations: operations, on: db)
    }

    /// The sender's address, validated; `.invalidInput` (`from`) when the mail names no usable address.
    static func senderAddress(_ parsed: ParsedMail) throws -> String {
        let candidates = [parsed.from].compactMap { $0 } + parsed.replyTo
        for candidate in candidates {
            if let valid = try? Validation.email(candidate.address, field: "from") { return valid }
        }
        throw SwitchboardError.invalid("from", "the message has no usable sender address")
    }
}
