import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardMail
@testable import SwitchboardServer

/// Invitation → `mail.invitation` job → a real SMTP server (aiosmtpd, STARTTLS, AUTH) → the mailed link works.
@Suite("Invitation email through the job queue", .serialized)
struct InvitationMailTests {
    @Test func theMailedLinkIsTheOnlyValidOneAndARerunSendsNothing() async throws {
        guard try PythonPeer.available("aiosmtpd") else { return }
        let server = try PythonPeer.Server(
            script: "smtp-test-peer.py", arguments: ["--tls", "starttls", "--auth", "relay:s3cret"])
        defer { server.stop() }
        let port = server.port
        let ca = server.directory.appendingPathComponent("cert.pem").path
        try await EmailWorld.run(configure: {
            $0.relay = EmailSettings.RelaySettings(
                host: "localhost", port: port, user: "relay", password: "s3cret", security: .startTLS, caFile: ca)
            $0.fromAddress = "team@a.example.com"
        }) { mail in
            let accountID = mail.world.a.account.id
            let mailer = InvitationMail(settings: mail.channel.settings, now: { Date() })
            #expect(mailer.canSend)
            let (invited, job) = try await mail.database.write { db in
                let invited = try await InvitationRepository().invite(
                    accountID: accountID, email: "mia@example.com", name: "Mia Mailed", role: .agent,
                    invitedBy: nil, now: Date(), on: db)
                let job = try await mailer.enqueue(
                    accountID: accountID, userID: invited.user.id, baseURL: "https://desk.example", on: db)
                return (invited, job)
            }
            #expect(job.kind == "mail.invitation")
            #expect(!"\(job.payload)".contains("sbi_"), "the job row holds no token")
            let context = JobContext(logger: EmailWorld.logger, database: mail.database, workerID: "test")
            try await mailer.run(job, context: context)
            let sent = try server.messages()
            #expect(sent.count == 1)
            #expect(sent.first?.envelope["rcpt_tos"] as? [String] == ["mia@example.com"])
            let parsed = try MailParser().parse(Array(try #require(sent.first).message))
            #expect(parsed.subject == "You are invited to Switchboard")
            let text = try #require(parsed.text)
            let range = try #require(text.range(of: "https://desk.example/set-password?token="))
            let token = String(text[range.upperBound...].prefix { !$0.isWhitespace })
            let now = Date()
            let found = try await mail.database.read { db in
                try await InvitationRepository().get(token: token, now: now, on: db)
            }
            #expect(found?.user.id == invited.user.id)
            let original = try await mail.database.read { db in
                try await InvitationRepository().get(token: invited.token, now: now, on: db)
            }
            #expect(original == nil, "the link made with the invitation was never shown and is replaced")
            // A re-run (a worker that crashed after sending) sends nothing more.
            try await mailer.run(job, context: context)
            #expect(try server.messages().count == 1)
        }
    }
}
