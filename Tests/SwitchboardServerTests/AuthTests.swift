import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import SwitchboardServer

@Suite("Authentication: sessions, CSRF, tokens, throttling")
struct AuthTests {
    static let password = "correct horse battery"

    struct Login: Decodable {
        var user: UserWire
        var csrfToken: String

        enum CodingKeys: String, CodingKey {
            case user
            case csrfToken = "csrf_token"
        }
    }

    static func login(_ api: TestAPI, email: String, password: String = AuthTests.password, headers: HTTPFields = [:])
        async throws -> TestResponse
    {
        try await api.send(.post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#,
                           headers: headers)
    }

    static func sessionCookie(_ response: TestResponse) throws -> String {
        let header = try #require(response.headers[.setCookie])
        let first = try #require(header.split(separator: ";").first)
        #expect(first.hasPrefix("sb_session="))
        return String(first)
    }

    @Test(arguments: TestBackend.all)
    func loginSetsASafeSessionCookie(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let response = try await Self.login(api, email: world.a.agent.user.email)
            #expect(response.status == .ok)
            let login = try response.decode(Login.self)
            #expect(login.user.id == world.a.agent.user.id)
            #expect(login.csrfToken.count >= 20)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            #expect(!response.text.contains("password"))

            let me = try await api.send(.get, "/api/v1/me", headers: [.cookie: try Self.sessionCookie(response)])
            #expect(me.status == .ok)
            #expect(me.text.contains(world.a.agent.user.email))
        }
    }

    @Test(arguments: TestBackend.all)
    func cookieIsSecureBehindTLS(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: { $0.trustProxy = true }) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let plain = try await Self.login(api, email: world.a.agent.user.email)
            #expect(plain.headers[.setCookie]?.contains("Secure") == false)
            let proxied = try await Self.login(
                api, email: world.a.agent.user.email, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.headers[.setCookie]?.contains("Secure") == true)
        }
        try await TestApp.run(backend, configure: { $0.secureCookies = true }) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let response = try await Self.login(api, email: world.a.agent.user.email)
            #expect(response.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test(arguments: TestBackend.all)
    func cookieRequestsThatChangeStateNeedTheCSRFToken(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let response = try await Self.login(api, email: world.a.agent.user.email)
            let cookie = try Self.sessionCookie(response)
            let csrf = try response.decode(Login.self).csrfToken
            let before = try await AccountSnapshot.take(world.a.account.id, database: world.database)

            let missing = try await api.send(.post, "/api/v1/tickets", json: Bodies.ticket(), headers: [.cookie: cookie])
            expectError(missing, .forbidden, code: "forbidden")
            let wrong = try await api.send(.post, "/api/v1/tickets", json: Bodies.ticket(), headers: [
                .cookie: cookie, AuthenticationMiddleware.csrfHeader: String(csrf.reversed()),
            ])
            expectError(wrong, .forbidden, code: "forbidden")
            #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == before)

            let good = try await api.send(.post, "/api/v1/tickets", json: Bodies.ticket(), headers: [
                .cookie: cookie, AuthenticationMiddleware.csrfHeader: csrf,
            ])
            #expect(good.status == .created)
            let ticket = try good.decode(TicketWire.self)
            #expect(ticket.channel == "agent")
            // Reads need no CSRF token.
            let list = try await api.send(.get, "/api/v1/tickets", headers: [.cookie: cookie])
            #expect(list.status == .ok)
        }
    }

    @Test(arguments: TestBackend.all)
    func logoutEndsTheSession(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let response = try await Self.login(api, email: world.a.agent.user.email)
            let cookie = try Self.sessionCookie(response)
            let csrf = try response.decode(Login.self).csrfToken
            let refused = try await api.send(.post, "/api/v1/auth/logout", headers: [.cookie: cookie])
            expectError(refused, .forbidden, code: "forbidden")
            let logout = try await api.send(
                .post, "/api/v1/auth/logout", headers: [.cookie: cookie, AuthenticationMiddleware.csrfHeader: csrf])
            #expect(logout.status == .noContent)
            let cleared = try #require(logout.headers[.setCookie])
            #expect(cleared.hasPrefix("sb_session=;"))
            let after = try await api.send(.get, "/api/v1/me", headers: [.cookie: cookie])
            expectError(after, .unauthorized, code: "unauthenticated")
        }
    }

    @Test(arguments: TestBackend.all)
    func wrongCredentialsAreRefused(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            expectError(
                try await Self.login(api, email: world.a.agent.user.email, password: "wrong password"),
                .unauthorized, code: "unauthenticated")
            expectError(
                try await Self.login(api, email: "nobody@nowhere.example"), .unauthorized, code: "unauthenticated")
            // Users without a password cannot sign in with any password.
            expectError(
                try await Self.login(api, email: world.a.admin.user.email), .unauthorized, code: "unauthenticated")
            expectError(
                try await api.send(.post, "/api/v1/auth/login", json: #"{"email": "x"}"#), .badRequest,
                code: "invalid_input", field: "password")
            expectError(
                try await api.send(.post, "/api/v1/auth/login", json: #"{"email": "not-an-email", "password": "x"}"#),
                .badRequest, code: "invalid_input", field: "email")
        }
    }

    @Test(arguments: TestBackend.all)
    func failedLoginsAreThrottledPerEmail(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let email = world.a.agent.user.email
            for _ in 0..<5 {
                expectError(try await Self.login(api, email: email, password: "nope nope"), .unauthorized,
                            code: "unauthenticated")
            }
            let throttled = try await Self.login(api, email: email)
            expectError(throttled, .tooManyRequests, code: "rate_limited")
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Another user is not affected by this email's failures.
            try await world.setPassword(Self.password, for: world.a.owner.user)
            #expect(try await Self.login(api, email: world.a.owner.user.email).status == .ok)
        }
    }

    @Test(arguments: TestBackend.all)
    func failedLoginsAreThrottledPerAddress(_ backend: TestBackend) async throws {
        try await TestApp.run(backend, configure: {
            $0.trustProxy = true
            $0.loginMaxFailuresPerAddress = 3
        }) { api, world in
            try await world.setPassword(Self.password, for: world.a.owner.user)
            let from: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "203.0.113.7"]
            for index in 0..<3 {
                expectError(
                    try await Self.login(api, email: "guess\(index)@a.example.com", headers: from), .unauthorized,
                    code: "unauthenticated")
            }
            expectError(
                try await Self.login(api, email: world.a.owner.user.email, headers: from), .tooManyRequests,
                code: "rate_limited")
            let elsewhere: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.9"]
            #expect(try await Self.login(api, email: world.a.owner.user.email, headers: elsewhere).status == .ok)
        }
    }

    @Test(arguments: TestBackend.all)
    func missingOrBadCredentialsAnswer401(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let anonymous = try await api.send(.get, "/api/v1/tickets")
            expectError(anonymous, .unauthorized, code: "unauthenticated")
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            for header in ["Bearer sbt_unknown", "Bearer", "Basic dXNlcjpwYXNz", "Bearer " + String(repeating: "x", count: 500)] {
                let response = try await api.send(.get, "/api/v1/me", headers: [.authorization: header])
                expectError(response, .unauthorized, code: "unauthenticated")
            }
            let garbageCookie = try await api.send(.get, "/api/v1/me", headers: [.cookie: "sb_session=forged"])
            expectError(garbageCookie, .unauthorized, code: "unauthenticated")
            #expect(try await api.send(.get, "/api/v1/me", as: world.a.agent).status == .ok)
        }
    }

    @Test(arguments: TestBackend.all)
    func deactivatedUsersLoseAccess(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let agent = world.a.agent
            #expect(try await api.send(.get, "/api/v1/me", as: agent).status == .ok)
            let deactivate = try await api.send(
                .patch, "/api/v1/users/\(agent.user.id)", as: world.a.admin, json: #"{"is_active": false}"#)
            #expect(deactivate.status == .ok)
            expectError(try await api.send(.get, "/api/v1/me", as: agent), .unauthorized, code: "unauthenticated")
        }
    }

    /// Over a real socket: the cookie travels through HTTP headers both ways.
    @Test func sessionCookieWorksOverTheWire() async throws {
        try await TestApp.run(.sqlite, setup: .live) { api, world in
            try await world.setPassword(Self.password, for: world.a.agent.user)
            let response = try await Self.login(api, email: world.a.agent.user.email)
            #expect(response.status == .ok)
            let cookie = try Self.sessionCookie(response)
            let me = try await api.send(.get, "/api/v1/me", headers: [.cookie: cookie])
            #expect(me.status == .ok)
            #expect(me.text.contains(world.a.agent.user.email))
        }
    }
}
