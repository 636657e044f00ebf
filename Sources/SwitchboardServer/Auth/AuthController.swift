import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `POST /api/v1/auth/login` and `POST /api/v1/auth/logout`: the web session.
struct AuthController {
    let dependencies: AppDependencies

    struct LoginRequest: Decodable {
        var email: String
        var password: String
    }

    struct LoginResponse: Codable {
        var user: UserWire
        var csrfToken: String

        enum CodingKeys: String, CodingKey {
            case user
            case csrfToken = "csrf_token"
        }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        return routes
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(LoginRequest.self, context: context)
        let email = try Validation.email(input.email, field: "email")
        guard !input.password.isEmpty else { throw SwitchboardError.invalid("password", "must not be empty") }
        let settings = dependencies.settings
        let address = ClientAddress.of(request, context: context, trustProxy: settings.trustProxy)
        let throttle = LoginThrottle(settings: settings)
        let database = dependencies.database
        let now = dependencies.now()
        try await throttle.check(email: email, address: address, now: now, database: database)

        let found = try await database.read { db in try await UserRepository().getForLogin(email: email, on: db) }
        let matches = try await dependencies.hasher.verify(input.password, hash: found?.passwordHash)
        guard matches, let user = found?.user, user.isActive else {
            try await throttle.recordFailure(email: email, address: address, now: now, database: database)
            context.logger.notice("sign-in failed", metadata: [LogKey.address: .string(address)])
            throw SwitchboardError(.unauthenticated, "invalid email or password")
        }
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.sessionTTL.components.seconds))
        let session = try await database.write { db in
            try await LoginAttemptRepository().clear(key: LoginThrottle.emailKey(email), on: db)
            return try await SessionRepository().create(
                userID: user.id, accountID: user.accountID, expiresAt: expiresAt, on: db)
        }
        var response = try APIJSON.response(LoginResponse(user: UserWire(user), csrfToken: session.csrfToken))
        response.setCookie(SessionCookie.make(
            secret: session.secret, maxAge: settings.sessionTTL,
            secure: SessionCookie.isSecure(request, settings: settings)))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let settings = dependencies.settings
        if let secret = request.cookies[SessionCookie.name]?.value, !secret.isEmpty, secret.utf8.count <= 200 {
            let now = dependencies.now()
            let session = try await dependencies.database.read { db in
                try await SessionRepository().get(secret: secret, now: now, on: db)
            }
            if let session {
                guard let sent = request.headers[AuthenticationMiddleware.csrfHeader],
                    ConstantTime.equal(sent, session.csrfToken)
                else {
                    throw SwitchboardError(.forbidden, "missing or invalid CSRF token (header X-CSRF-Token)")
                }
                try await dependencies.database.write { db in try await SessionRepository().delete(secret: secret, on: db) }
            }
        }
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.cleared(secure: SessionCookie.isSecure(request, settings: settings)))
        return response
    }
}
