import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Web: attachments, set-password, custom fields, contact page")
struct WebWorkspaceExtrasTests {
    /// Stores `bytes` and records them as an attachment of the account's ticket's first message.
    static func attach(
        _ bytes: [UInt8], filename: String, type: String, account: WebFixtures.Account,
        environment: WebFixtures.Environment
    ) async throws -> SwitchboardCore.Attachment {
        let hash = try environment.dependencies.email.store.store(bytes)
        let accountID = account.owner.accountID
        let ticketID = account.ticket.id
        return try await environment.database.write { db in
            let message = try await MessageRepository().list(accountID: accountID, ticketID: ticketID, on: db)[0]
            return try await AttachmentRepository().create(
                accountID: accountID, messageID: message.id,
                NewAttachment(filename: filename, contentType: type, size: Int64(bytes.count), sha256: hash), on: db)
        }
    }

    @Test("attachments: served to the account's agents with safe headers; 404 for another account")
    func attachmentRoute() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let other = try await WebFixtures.seed(environment, name: "Other", ownerName: "Otto Other")
            let png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]
            let image = try await Self.attach(
                png, filename: "screen shot.png", type: "image/PNG", account: account, environment: environment)
            let html = try await Self.attach(
                Array("<script>alert(1)</script>".utf8), filename: "évil\".html", type: "text/html",
                account: account, environment: environment)
            try await client.execute(uri: "/attachments/\(image.id)", method: .get, headers: account.cookie) {
                #expect($0.status == .ok)
                #expect(Array($0.body.readableBytesView) == png)
                #expect($0.headers[.contentType] == "image/png")
                #expect($0.headers[.contentDisposition]?.hasPrefix("inline;") == true)
                #expect($0.headers[.xContentTypeOptions] == "nosniff")
                #expect($0.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            }
            try await client.execute(uri: "/attachments/\(html.id)", method: .get, headers: account.cookie) {
                #expect($0.status == .ok)
                let disposition = $0.headers[.contentDisposition] ?? ""
                #expect(disposition.hasPrefix("attachment;"))
                #expect(disposition.contains("filename=\"_vil_.html\""))
                #expect(disposition.contains("filename*=UTF-8''%C3%A9vil%22.html"))
                #expect($0.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            }
            try await client.execute(
                uri: "/attachments/sha256/\(image.sha256)", method: .get, headers: account.cookie
            ) {
                #expect($0.status == .ok)
                #expect(Array($0.body.readableBytesView) == png)
            }
            // Another account, an unknown id, a malformed id or hash: 404; no session: sign-in redirect.
            for uri in ["/attachments/\(image.id)", "/attachments/sha256/\(image.sha256)"] {
                try await client.execute(uri: uri, method: .get, headers: other.cookie) {
                    #expect($0.status == .notFound, "\(uri)")
                    #expect(!$0.body.readableBytesView.starts(with: png))
                }
            }
            for uri in ["/attachments/999999", "/attachments/-1", "/attachments/abc",
                        "/attachments/sha256/zz", "/attachments/sha256/" + String(repeating: "0", count: 64)] {
                try await client.execute(uri: uri, method: .get, headers: account.cookie) {
                    #expect($0.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/attachments/\(image.id)", method: .get) {
                #expect($0.status == .seeOther)
            }
            // The ticket timeline lists the attachments with a lazy image preview.
            try await client.execute(
                uri: "/tickets/\(account.ticket.id)", method: .get, headers: account.cookie
            ) { response in
                let page = WebFixtures.text(response)
                #expect(page.contains("href=\"/attachments/\(html.id)\""))
                #expect(page.contains("<img src=\"/attachments/\(image.id)\""))
                #expect(page.contains("loading=\"lazy\""))
                #expect(!page.contains("<img src=\"/attachments/\(html.id)\""))
            }
        }
    }

    @Test("set-password: the link works once; bad CSRF, mismatch and short passwords change nothing")
    func setPassword() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            let email = "invitee-\(UUID().uuidString.prefix(6).lowercased())@example.com"
            let invited = try await environment.database.write { db in
                try await InvitationRepository().invite(
                    accountID: accountID, email: email, name: "Ivy Invitee", role: .agent,
                    invitedBy: account.owner.id, now: Date(), on: db)
            }
            let token = invited.token
            var cookie = ""
            var csrf = ""
            try await client.execute(uri: "/set-password?token=\(token)", method: .get) { response in
                #expect(response.status == .ok)
                let html = WebFixtures.text(response)
                #expect(html.contains("Ivy Invitee") && html.contains(email))
                cookie = WebFixtures.setCookie("sb_setpw_csrf", in: response) ?? ""
                csrf = WebFixtures.csrfField(in: html) ?? ""
            }
            #expect(!cookie.isEmpty && cookie == csrf)
            var headers = WebFixtures.formHeaders
            headers[.cookie] = "sb_setpw_csrf=\(cookie)"
            func post(_ fields: [(String, String)], headers: HTTPFields) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(
                    uri: "/set-password", method: .post, headers: headers, body: WebFixtures.form(fields)
                ) { ($0.status, WebFixtures.text($0)) }
            }
            let wrongCSRF = try await post(
                [("csrf_token", "nope"), ("token", token), ("password", "long enough pw"),
                 ("password_confirm", "long enough pw")], headers: headers)
            #expect(wrongCSRF.0 == .forbidden)
            let short = try await post(
                [("csrf_token", csrf), ("token", token), ("password", "short"), ("password_confirm", "short")],
                headers: headers)
            #expect(short.0 == .badRequest && short.1.contains("at least 8"))
            let mismatch = try await post(
                [("csrf_token", csrf), ("token", token), ("password", "long enough pw"),
                 ("password_confirm", "long enough PW")], headers: headers)
            #expect(mismatch.0 == .badRequest && mismatch.1.contains("not the same"))
            let before = try await environment.database.read { db in
                try await UserRepository().getForLogin(email: email, on: db)
            }
            #expect(before?.passwordHash == nil)
            let done = try await post(
                [("csrf_token", csrf), ("token", token), ("password", "long enough pw"),
                 ("password_confirm", "long enough pw")], headers: headers)
            #expect(done.0 == .ok && done.1.contains("Your password is set."))
            let after = try await environment.database.read { db in
                try await UserRepository().getForLogin(email: email, on: db)
            }
            #expect(try await environment.dependencies.hasher.verify("long enough pw", hash: after?.passwordHash))
            let again = try await post(
                [("csrf_token", csrf), ("token", token), ("password", "another password"),
                 ("password_confirm", "another password")], headers: headers)
            #expect(again.0 == .notFound)
            for uri in ["/set-password?token=\(token)", "/set-password", "/set-password?token=sbi_%27%3B--"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .notFound, "\(uri)") }
            }
        }
    }

    @Test("custom fields show in the ticket's side panel and the admin section; the contact page can merge")
    func pages() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let accountID = account.owner.accountID
            _ = try await environment.database.write { db in
                try await CustomFieldRepository().create(
                    accountID: accountID, key: "plan", label: "Plan", type: .dropdown, options: ["free", "pro"],
                    requiredOnSolve: true, on: db)
            }
            _ = try await environment.database.write { db in
                try await TicketOperations().update(
                    accountID: accountID, id: account.ticket.id,
                    changes: TicketChanges(customFields: ["plan": .string("pro")]),
                    actor: EventActor(kind: .user, id: account.owner.id), on: db)
            }
            try await client.execute(
                uri: "/tickets/\(account.ticket.id)", method: .get, headers: account.cookie
            ) { response in
                let html = WebFixtures.text(response)
                #expect(html.contains("id=\"custom-fields-form\""))
                #expect(html.contains("id=\"cf-plan\""))
                #expect(html.contains("<option value=\"pro\" selected>pro</option>"))
                #expect(html.contains("<dt>Plan</dt><dd>pro</dd>"))
                #expect(html.contains("/assets/fields."))
            }
            try await client.execute(uri: "/admin/fields", method: .get, headers: account.cookie) { response in
                #expect(response.status == .ok)
                let html = WebFixtures.text(response)
                #expect(html.contains("id=\"custom-field-form\""))
                #expect(html.contains("<code>plan</code>"))
                #expect(html.contains("free, pro"))
            }
            try await client.execute(uri: "/admin/users", method: .get, headers: account.cookie) { response in
                #expect(WebFixtures.text(response).contains("id=\"invite-form\""))
            }
            _ = try await environment.database.write { db in
                try await ContactOperations().update(
                    accountID: accountID, id: account.contactID, notes: "Calls on Mondays",
                    actor: EventActor(kind: .user, id: account.owner.id), on: db)
            }
            try await client.execute(
                uri: "/contacts/\(account.contactID)", method: .get, headers: account.cookie
            ) { response in
                let html = WebFixtures.text(response)
                #expect(html.contains("id=\"merge-contact-form\""))
                #expect(html.contains("data-contact-id=\"\(account.contactID)\""))
                #expect(html.contains("Ada Owner: changed notes"))
                #expect(html.contains("/assets/contact."))
            }
        }
    }
}
