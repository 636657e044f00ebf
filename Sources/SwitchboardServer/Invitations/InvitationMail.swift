import Foundation
import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// Sends invitation emails through the outbound relay of the email channel, as the durable `mail.invitation` job.
///
/// The job's payload holds no secret (`{"account_id", "user_id", "base_url"}`): the job issues a fresh link when
/// it runs (replacing the one created with the invitation, which was never shown) and mails it, so the token
/// exists only in the email and, hashed, in the database. The relay, the sender address and the SMTP client are
/// those of `mail.send`. The new link is stored only after the relay accepted the mail; a re-run after that
/// (a crashed worker) sends nothing, because the pending link is then newer than the job.
struct InvitationMail: Sendable {
    static let kind = "mail.invitation"
    static let maxAttempts = 8

    let settings: EmailSettings
    let now: @Sendable () -> Date

    /// Whether invitations can be emailed (a relay and a sender address are configured).
    var canSend: Bool { settings.relay != nil && settings.fromAddress != nil }

    /// The page a token opens: `<base>/set-password?token=<token>`.
    static func link(base: String, token: String) -> String { base + "/set-password?token=" + token }

    /// `scheme://host` of the request (the `Host` header; https when the request is secure), for links in mail.
    static func baseURL(_ request: Request, settings: ServerSettings) -> String {
        let scheme = SessionCookie.isSecure(request, settings: settings) ? "https" : "http"
        let rawHost = request.head.authority ?? "\(settings.host):\(settings.port)"
        let host = rawHost.filter { $0.isLetter || $0.isNumber || ".-:[]".contains($0) }
        return "\(scheme)://\(host.isEmpty ? "localhost" : host)"
    }

    /// Queues the job for `userID` (inside the caller's transaction).
    @discardableResult
    func enqueue(accountID: Int64, userID: Int64, baseURL: String, on db: any SQLDatabase) async throws -> Job {
        try await JobRepository().enqueue(
            accountID: accountID, kind: Self.kind,
            payload: [
                "account_id": .number(Double(accountID)), "user_id": .number(Double(userID)),
                "base_url": .string(baseURL),
            ],
            runAt: now(), maxAttempts: Self.maxAttempts, on: db)
    }

    /// Registers the job handler.
    func register(_ handlers: inout JobHandlers) {
        let mailer = self
        handlers.register(Self.kind) { job, context in try await mailer.run(job, context: context) }
    }

    func run(_ job: Job, context: JobContext) async throws {
        guard case .object(let payload) = job.payload, case .number(let account)? = payload["account_id"],
            case .number(let userNumber)? = payload["user_id"], case .string(let base)? = payload["base_url"]
        else { throw PermanentJobFailure("the payload must name account_id, user_id and base_url") }
        guard let relay = settings.relay, let fromAddress = settings.fromAddress else {
            throw MailSendJob.RetryableFailure(description: "no SMTP relay or sender address is configured")
        }
        let accountID = Int64(account)
        let userID = Int64(userNumber)
        let now = self.now()
        let createdAt = job.createdAt
        let user = try await context.database.read { db -> User? in
            // Nothing to send when the user is gone or deactivated, has no pending invitation (accepted or
            // expired), or this job already issued the pending one (a re-run after a crash must not mail twice).
            guard let user = try await UserRepository().get(accountID: accountID, id: userID, on: db),
                user.isActive,
                let pending = try await InvitationRepository().pending(
                    accountID: accountID, userID: userID, now: now, on: db),
                pending.createdAt <= createdAt
            else { return nil }
            return user
        }
        guard let user else { return }
        // The link is sent first and stored after: a failed send leaves the pending link as it was (the retry
        // sends a new one), a stored link was certainly mailed.
        let token = InvitationRepository.newToken()
        let link = Self.link(base: base, token: token)
        let mail = OutgoingMail(
            from: MailAddress(address: fromAddress, name: "Switchboard"),
            to: [MailAddress(address: user.email, name: user.name)],
            subject: "You are invited to Switchboard",
            messageID: "<invite-\(UUID().uuidString.lowercased())@\(OutboundMessageID.domain(of: fromAddress))>",
            date: now,
            text: """
                Hello \(user.name),

                you have been invited to the Switchboard help desk. Choose your password here
                (the link works once and expires in 7 days):

                \(link)
                """,
            isAutomatic: true)
        let client = SMTPClient(configuration: MailSendJob.clientConfiguration(relay))
        do {
            try await client.send(from: fromAddress, to: [user.email], message: MailComposer.compose(mail))
        } catch let error as SMTPClientError {
            if error.isPermanent { throw PermanentJobFailure(error.description) }
            throw MailSendJob.RetryableFailure(description: error.description)
        }
        _ = try await context.database.write { db in
            try await InvitationRepository().issue(
                accountID: accountID, userID: userID, invitedBy: nil, now: self.now(), token: token, on: db)
        }
        context.logger.info("invitation sent", metadata: ["switchboard.user_id": "\(userID)"])
    }
}
