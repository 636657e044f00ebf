import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardStorage

/// Establishes the caller's ``Identity`` from `Authorization: Bearer sbt_…` or the `sb_session` cookie.
///
/// Credentials that are present but wrong answer 401 at once (a bad token is never treated as anonymous).
/// Requests authenticated by cookie that change state (anything but GET, HEAD, OPTIONS) must carry the
/// session's CSRF token in `X-CSRF-Token`, else 403. Requests without credentials pass on with no identity;
/// ``AuthenticatedContext`` then refuses them with 401.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let dependencies: AppDependencies

    static var csrfHeader: HTTPField.Name { HTTPField.Name("X-CSRF-Token")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let authorization = request.headers[.authorization] {
            context.identity = try await authenticate(authorization: authorization, logger: context.logger)
        } else if let secret = request.cookies[SessionCookie.name]?.value, !secret.isEmpty {
            let identity = try await authenticate(sessionSecret: secret)
            if case .session(let csrfToken) = identity.method, Self.changesState(request.method) {
                guard let sent = request.headers[Self.csrfHeader], ConstantTime.equal(sent, csrfToken) else {
                    throw SwitchboardError(.forbidden, "missing or invalid CSRF token (header X-CSRF-Token)")
                }
            }
            context.identity = identity
        }
        if let user = context.identity?.user {
            context.logger[metadataKey: LogKey.accountID] = .stringConvertible(user.accountID)
            context.logger[metadataKey: LogKey.userID] = .stringConvertible(user.id)
        }
        return try await next(request, context)
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        method != .get && method != .head && method != .options
    }

    private func authenticate(authorization: String, logger: Logger) async throws -> Identity {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw SwitchboardError(.unauthenticated, "use 'Authorization: Bearer <token>'")
        }
        let secret = parts[1].trimmingWhitespace()
        guard secret.hasPrefix("sbt_"), secret.utf8.count <= 200 else {
            throw SwitchboardError(.unauthenticated, "invalid API token")
        }
        let now = dependencies.now()
        let found = try await TokenAuthentication(database: dependencies.database)
            .authenticate(secret: secret, now: now, logger: logger)
        guard let found, found.user.isActive else {
            throw SwitchboardError(.unauthenticated, "invalid API token")
        }
        return Identity(user: found.user, method: .token(id: found.token.id))
    }

    private func authenticate(sessionSecret secret: String) async throws -> Identity {
        guard secret.utf8.count <= 200 else { throw SwitchboardError(.unauthenticated, "session expired") }
        let now = dependencies.now()
        let found = try await dependencies.database.read { db in
            try await SessionRepository().get(secret: secret, now: now, on: db)
        }
        guard let found, found.user.isActive else {
            throw SwitchboardError(.unauthenticated, "session expired; sign in again")
        }
        return Identity(user: found.user, method: .session(csrfToken: found.csrfToken))
    }
}

/// Comparison whose time does not depend on where two secrets differ.
enum ConstantTime {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
