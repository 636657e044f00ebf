import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Web security")
struct WebSecurityTests {
    @Test("every page carries a strict Content-Security-Policy and no inline script, style or handler")
    func contentSecurityPolicy() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            for (path, headers) in [("/login", HTTPFields()), ("/inbox", account.cookie),
                                    ("/tickets/\(account.ticket.id)", account.cookie),
                                    ("/contacts/\(account.contactID)", account.cookie),
                                    ("/admin/tokens", account.cookie), ("/tickets/0", account.cookie)] {
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'"), "\(path)")
                    #expect(policy.contains("style-src 'self'"), "\(path)")
                    #expect(policy.contains("default-src 'none'"), "\(path)")
                    #expect(policy.contains("frame-ancestors 'none'"), "\(path)")
                    #expect(!policy.contains("unsafe-inline"), "\(path)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    let html = WebFixtures.text(response)
                    #expect(html.range(of: #"<script(?![^>]*\bsrc=)"#, options: .regularExpression) == nil, "\(path)")
                    #expect(html.range(of: #"<style"#, options: .regularExpression) == nil, "\(path)")
                    #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(path)")
                    #expect(html.range(of: #"\sstyle\s*="#, options: .regularExpression) == nil, "\(path)")
                }
            }
        }
    }

    @Test("the sign-in form works with its CSRF token and refuses without it")
    func loginFormCSRF() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            let (cookie, token) = try await client.execute(uri: "/login", method: .get) { response in
                (WebFixtures.setCookie("sb_login_csrf", in: response),
                 WebFixtures.csrfField(in: WebFixtures.text(response)))
            }
            let loginCookie = try #require(cookie)
            #expect(token == loginCookie)
            let fields = [("email", account.owner.email), ("password", account.password), ("csrf_token", loginCookie)]

            // Without the cookie, or with a wrong token: refused, no session.
            try await client.execute(uri: "/login", method: .post, headers: WebFixtures.formHeaders,
                                     body: WebFixtures.form(fields)) { response in
                #expect(response.status == .forbidden)
                #expect(WebFixtures.setCookie("sb_session", in: response) == nil)
                #expect(WebFixtures.text(response).contains("expired"))
            }
            var headers = WebFixtures.formHeaders
            headers[.cookie] = "sb_login_csrf=\(loginCookie)"
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: WebFixtures.form([("email", account.owner.email),
                                                             ("password", account.password),
                                                             ("csrf_token", "forged")])) { response in
                #expect(response.status == .forbidden)
            }
            // Wrong password: a clear message, the email kept.
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: WebFixtures.form([("email", account.owner.email), ("password", "wrong pass"),
                                                             ("csrf_token", loginCookie)])) { response in
                #expect(response.status == .unauthorized)
                let html = WebFixtures.text(response)
                #expect(html.contains("The email or password is not right."))
                #expect(html.contains("value=\"\(account.owner.email)\""))
            }
            // Malformed email.
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: WebFixtures.form([("email", "not-an-email"), ("password", "x"),
                                                             ("csrf_token", loginCookie)])) { response in
                #expect(response.status == .badRequest)
                #expect(WebFixtures.text(response).contains("Enter a valid email address"))
            }
            // Right: a session cookie and a redirect to the safe `next`.
            let session = try await client.execute(
                uri: "/login", method: .post, headers: headers,
                body: WebFixtures.form(fields + [("next", "/inbox/all")])
            ) { response -> String? in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/inbox/all")
                return WebFixtures.setCookie("sb_session", in: response)
            }
            let secret = try #require(session)
            try await client.execute(uri: "/inbox", method: .get, headers: [.cookie: "sb_session=\(secret)"]) {
                #expect($0.status == .ok)
            }
            // An open redirect is refused.
            try await client.execute(uri: "/login", method: .post, headers: headers,
                                     body: WebFixtures.form(fields + [("next", "//evil.example/")])) { response in
                #expect(response.headers[.location] == "/inbox")
            }
        }
    }

    @Test("sign-out needs the session's CSRF token")
    func logoutCSRF() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            var headers = WebFixtures.formHeaders
            headers[.cookie] = "sb_session=\(account.sessionSecret)"
            try await client.execute(uri: "/logout", method: .post, headers: headers,
                                     body: WebFixtures.form([("csrf_token", "nope")])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/inbox", method: .get, headers: account.cookie) { #expect($0.status == .ok) }
            try await client.execute(uri: "/logout", method: .post, headers: headers,
                                     body: WebFixtures.form([("csrf_token", account.csrfToken)])) {
                #expect($0.status == .seeOther)
                #expect($0.headers[.location] == "/login?signed_out=1")
            }
            try await client.execute(uri: "/inbox", method: .get, headers: account.cookie) {
                #expect($0.status == .seeOther)
            }
        }
    }

    @Test("presence heartbeats need the CSRF header")
    func presenceCSRF() async throws {
        try await WebFixtures.withWeb { environment, client in
            let account = try await WebFixtures.seed(environment)
            var headers = account.cookie
            headers[.contentType] = "application/json"
            let uri = "/tickets/\(account.ticket.id)/presence"
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: "{}")) {
                #expect($0.status == .forbidden)
            }
            headers[HTTPField.Name("X-CSRF-Token")!] = account.csrfToken
            try await client.execute(uri: uri, method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"typing":true}"#)) { response in
                #expect(response.status == .ok)
                let text = WebFixtures.text(response)
                #expect(text.contains("\"typing\":true"))
                #expect(text.contains("Ada Owner"))
            }
        }
    }

    @Test("a user of account A gets 404 for everything of account B")
    func accountIsolation() async throws {
        try await WebFixtures.withWeb { environment, client in
            let a = try await WebFixtures.seed(environment, name: "A")
            let b = try await WebFixtures.seed(environment, name: "B", ownerName: "Bob B", subject: "Secret of B",
                                               requesterName: "B Customer")
            var json = a.cookie
            json[.contentType] = "application/json"
            json[HTTPField.Name("X-CSRF-Token")!] = a.csrfToken
            for path in ["/tickets/\(b.ticket.id)", "/tickets/\(b.ticket.id)/timeline", "/contacts/\(b.contactID)"] {
                try await client.execute(uri: path, method: .get, headers: a.cookie) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(!WebFixtures.text(response).contains("Secret of B"))
                }
            }
            try await client.execute(uri: "/tickets/\(b.ticket.id)/presence", method: .post, headers: json,
                                     body: ByteBuffer(string: "{}")) { #expect($0.status == .notFound) }
            // Numbers are per account: looking up B's number finds A's own ticket or nothing, never B's.
            try await client.execute(uri: "/ticket-lookup?number=\(b.ticket.number)", method: .get,
                                     headers: a.cookie) { response in
                #expect(!WebFixtures.text(response).contains("\"id\":\(b.ticket.id)"))
            }
            for path in ["/inbox/all", "/inbox/unassigned", "/search?q=secret", "/admin/users"] {
                try await client.execute(uri: path, method: .get, headers: a.cookie) { response in
                    let html = WebFixtures.text(response)
                    #expect(!html.contains("Secret of B"), "\(path)")
                    #expect(!html.contains("Bob B"), "\(path)")
                    #expect(!html.contains("B Customer"), "\(path)")
                }
            }
        }
    }

    @Test("hostile subjects, names and tags are HTML-escaped; sanitised bodies are shown as they are")
    func escaping() async throws {
        try await WebFixtures.withWeb { environment, client in
            let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
            let account = try await WebFixtures.seed(
                environment, ownerName: "<b>Eve</b>", subject: hostile, requesterName: "\"><svg onload=alert(2)>",
                html: #"<p>Hello <strong>there</strong></p><blockquote class="sb-quoted">old</blockquote>"#)
            for path in ["/inbox/all", "/tickets/\(account.ticket.id)", "/contacts/\(account.contactID)",
                         "/inbox/all/list"] {
                try await client.execute(uri: path, method: .get, headers: account.cookie) { response in
                    let html = WebFixtures.text(response)
                    #expect(!html.contains("<script>alert"), "\(path)")
                    #expect(!html.contains("<img src=x"), "\(path)")
                    #expect(!html.contains("<svg onload"), "\(path)")
                    #expect(!html.contains("<b>Eve</b>"), "\(path)")
                    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
                    #expect(html.contains(escaped) || path.hasPrefix("/contacts"), "\(path)")
                }
            }
            try await client.execute(uri: "/tickets/\(account.ticket.id)", method: .get, headers: account.cookie) {
                let html = WebFixtures.text($0)
                #expect(html.contains("<strong>there</strong>"))
                #expect(html.contains("class=\"sb-quoted\""))
            }
        }
    }

    @Test("search snippets keep only <mark>")
    func snippetSanitising() {
        #expect(WebSnippet.safeHTML("a <mark>b</mark> &amp; <i>c</i>") == "a <mark>b</mark> &amp; &lt;i&gt;c&lt;/i&gt;")
        #expect(WebSnippet.safeHTML("<mark>open") == "<mark>open</mark>")
        #expect(WebSnippet.safeHTML("</mark>x\"") == "x&quot;")
    }

    @Test("next paths after sign-in stay on this site")
    func safeNext() {
        #expect(WebPaths.isSafeNext("/tickets/4"))
        #expect(!WebPaths.isSafeNext("//evil.example"))
        #expect(!WebPaths.isSafeNext("https://evil.example"))
        #expect(!WebPaths.isSafeNext("/\\evil.example"))
        #expect(!WebPaths.isSafeNext("/login"))
    }
}
