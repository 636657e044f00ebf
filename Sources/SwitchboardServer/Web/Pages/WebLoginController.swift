import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET/POST /login` and `POST /logout` for browsers.
///
/// Sign-in uses the same pieces as `POST /api/v1/auth/login` (``LoginThrottle``, ``PasswordHasher``,
/// `SessionRepository`, ``SessionCookie``). The login form is protected by a double-submit token: a random value
/// in the `sb_login_csrf` cookie (SameSite=Strict) that the form must echo. Sign-out needs the session's token.
struct WebLoginController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer

    static let loginCSRFCookie = "sb_login_csrf"

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("login", use: show)
        routes.post("login", use: submit)
        routes.post("logout", use: logout)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = request.uri.queryParameters["next"].map(String.init) ?? ""
        if context.identity != nil {
            return WebRedirect(location: WebPaths.isSafeNext(next) ? next : "/inbox").response
        }
        let notice = request.uri.queryParameters["signed_out"] != nil ? "You have been signed out." : nil
        return page(error: nil, notice: notice, email: "", next: next, status: .ok, request: request)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await WebForm.read(request)
        let next = WebPaths.isSafeNext(form["next"]) ? form["next"] : ""
        let email = form["email"]
        func fail(_ message: String, _ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
            page(error: message, notice: nil, email: email, next: next, status: status, request: request,
                 extraHeaders: headers)
        }
        guard let cookie = request.cookies[Self.loginCSRFCookie]?.value, !cookie.isEmpty,
            ConstantTime.equal(form["csrf_token"], cookie)
        else {
            return fail("The sign-in form expired. Please try again.", .forbidden)
        }
        guard !email.isEmpty else { return fail("Enter your email address.", .badRequest) }
        guard let normalized = try? Validation.email(email, field: "email") else {
            return fail("Enter a valid email address, like name@example.com.", .badRequest)
        }
        let password = form.raw("password")
        guard !password.isEmpty else { return fail("Enter your password.", .badRequest) }

        let settings = dependencies.settings
        let database = dependencies.database
        let address = ClientAddress.of(request, context: context, trustProxy: settings.trustProxy)
        let throttle = LoginThrottle(settings: settings)
        let now = dependencies.now()
        do {
            try await throttle.check(email: normalized, address: address, now: now, database: database)
        } catch let error as APIError where error.error.code == .rateLimited {
            return fail("Too many failed sign-in attempts. Wait a few minutes and try again.", .tooManyRequests,
                        headers: error.headers)
        }
        let found = try await database.read { db in try await UserRepository().getForLogin(email: normalized, on: db) }
        let matches = try await dependencies.hasher.verify(password, hash: found?.passwordHash)
        guard matches, let user = found?.user, user.isActive else {
            try await throttle.recordFailure(email: normalized, address: address, now: now, database: database)
            context.logger.notice("web sign-in failed", metadata: [LogKey.address: .string(address)])
            return fail("The email or password is not right.", .unauthorized)
        }
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.sessionTTL.components.seconds))
        let session = try await database.write { db in
            try await LoginAttemptRepository().clear(key: LoginThrottle.emailKey(normalized), on: db)
            return try await SessionRepository().create(
                userID: user.id, accountID: user.accountID, expiresAt: expiresAt, on: db)
        }
        var response = WebRedirect(location: next.isEmpty ? "/inbox" : next).response
        let secure = SessionCookie.isSecure(request, settings: settings)
        response.setCookie(SessionCookie.make(secret: session.secret, maxAge: settings.sessionTTL, secure: secure))
        response.setCookie(Self.clearedLoginCookie(secure: secure))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await WebForm.read(request)
        let settings = dependencies.settings
        if let identity = context.identity, case .session(let csrfToken) = identity.method {
            guard ConstantTime.equal(form["csrf_token"], csrfToken) else {
                throw SwitchboardError(.forbidden, "The sign-out form expired. Reload the page and try again.")
            }
            if let secret = request.cookies[SessionCookie.name]?.value {
                try await dependencies.database.write { db in
                    try await SessionRepository().delete(secret: secret, on: db)
                }
            }
        }
        var response = WebRedirect(location: "/login?signed_out=1").response
        response.setCookie(SessionCookie.cleared(secure: SessionCookie.isSecure(request, settings: settings)))
        return response
    }

    private func page(
        error: String?, notice: String?, email: String, next: String, status: HTTPResponse.Status,
        request: Request, extraHeaders: HTTPFields = [:]
    ) -> Response {
        let token = Self.randomToken()
        var response = renderer.response(.login, WebModel.compact([
            "csrf": token, "error": error, "notice": notice, "email": email, "next": next,
        ]), status: status, headers: extraHeaders)
        response.setCookie(Cookie(
            name: Self.loginCSRFCookie, value: token, maxAge: 3600, path: "/login",
            secure: SessionCookie.isSecure(request, settings: dependencies.settings), httpOnly: true,
            sameSite: .strict))
        return response
    }

    static func clearedLoginCookie(secure: Bool) -> Cookie {
        Cookie(name: loginCSRFCookie, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/login",
               secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes as hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
