import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

@Suite("Public web contact form")
struct WebFormTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test(arguments: TestBackend.all)
    func theFormIsEscapedAndLockedDown(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let inbox = try await world.database.write { db in
                try await InboxRepository().create(
                    accountID: world.a.account.id, name: "<script>alert('x')</script> & Co", channel: .webForm,
                    webFormEnabled: true, on: db)
            }
            let page = try await api.send(.get, "/forms/\(inbox.id)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let csp = try #require(page.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'none'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(!csp.contains("script-src"))
            #expect(!page.text.contains("<script>"))
            #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
            #expect(page.text.contains(#"<label for="email">"#))
            #expect(page.text.contains(#"name="website""#))

            let disabled = try await world.database.write { db in
                try await InboxRepository().create(
                    accountID: world.a.account.id, name: "closed", channel: .email, webFormEnabled: false, on: db)
            }
            #expect(try await api.send(.get, "/forms/\(disabled.id)").status == .notFound)
            #expect(try await api.send(.get, "/forms/987654").status == .notFound)
            #expect(try await api.send(.get, "/forms/abc").status == .notFound)
        }
    }

    @Test(arguments: TestBackend.all)
    func submittingCreatesAWebFormTicket(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let inbox = world.a.inbox
            let response = try await api.send(
                .post, "/forms/\(inbox.id)",
                json: "name=Dana+D%C3%BCrr&email=dana%40web.example&subject=Broken+link&message=The+link+%3Cb%3Eis%3C%2Fb%3E+dead",
                headers: Self.form)
            #expect(response.status == .created, "\(response.text)")
            #expect(response.text.contains("Thank you"))
            let snapshot = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            let ticket = try #require(snapshot.tickets.first)
            #expect(ticket.channel == .webForm)
            #expect(ticket.inboxID == inbox.id)
            #expect(ticket.subject == "Broken link")
            #expect(snapshot.messages.first?.text == "The link <b>is</b> dead")
            let contact = try #require(snapshot.contacts.first { $0.id == ticket.requesterID })
            #expect(contact.name == "Dana Dürr")
            #expect(contact.primaryEmail == "dana@web.example")
            #expect(response.text.contains("#\(ticket.number)"))
        }
    }

    @Test(arguments: TestBackend.all)
    func badSubmissionsShowTheFormAgainAndWriteNothing(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let inbox = world.a.inbox
            let before = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            let bad = try await api.send(
                .post, "/forms/\(inbox.id)", json: "name=%3Cx%3E&email=not-an-email&subject=s&message=m", headers: Self.form)
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
            #expect(bad.text.contains("Your email address"))
            #expect(bad.text.contains(#"aria-invalid="true""#))
            #expect(bad.text.contains("value=\"&lt;x&gt;\""))
            let noSubject = try await api.send(.post, "/forms/\(inbox.id)", json: "email=a%40b.example&message=m", headers: Self.form)
            #expect(noSubject.status == .badRequest)
            let json = try await api.send(.post, "/forms/\(inbox.id)", json: #"{"email": "a@b.example"}"#)
            #expect(json.status == .unsupportedMediaType)
            let malformed = try await api.send(.post, "/forms/\(inbox.id)", json: "email=%ZZ", headers: Self.form)
            #expect(malformed.status == .badRequest)
            let bot = try await api.send(
                .post, "/forms/\(inbox.id)", json: "email=bot%40spam.example&subject=buy&message=now&website=http%3A%2F%2Fspam",
                headers: Self.form)
            #expect(bot.status == .created)
            #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == before)
        }
    }
}
