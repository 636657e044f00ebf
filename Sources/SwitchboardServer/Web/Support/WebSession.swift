import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// Finds the signed-in user of a web request from the `sb_session` cookie, without ever failing the request:
/// a missing, expired or unknown session leaves `identity` empty and pages then redirect to `/login`.
///
/// Runs only on web routes (the API group has ``AuthenticationMiddleware``, which answers 401 instead).
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let dependencies: AppDependencies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let secret = request.cookies[SessionCookie.name]?.value, !secret.isEmpty, secret.utf8.count <= 200 {
            let now = dependencies.now()
            let found = try await dependencies.database.read { db in
                try await SessionRepository().get(secret: secret, now: now, on: db)
            }
            if let found, found.user.isActive {
                context.identity = Identity(user: found.user, method: .session(csrfToken: found.csrfToken))
                context.logger[metadataKey: LogKey.accountID] = .stringConvertible(found.user.accountID)
                context.logger[metadataKey: LogKey.userID] = .stringConvertible(found.user.id)
            }
        }
        return try await next(request, context)
    }
}

/// The signed-in user of a web page and their session's CSRF token.
struct WebViewer: Sendable {
    let user: User
    let csrfToken: String

    var accountID: Int64 { user.accountID }
    var isAdmin: Bool { user.role.includes(.admin) }
    /// Whether the viewer may save macros of their own (agents and above; light agents may not).
    var mayKeepMacros: Bool { user.role.includes(.agent) }

    /// The viewer of `context`, or a redirect to the sign-in page that comes back to this page.
    init(_ context: AppRequestContext, request: Request) throws {
        guard let identity = context.identity, case .session(let csrfToken) = identity.method else {
            let query = request.uri.query.map { "?" + $0 } ?? ""
            throw WebRedirect.login(next: request.method == .get ? request.uri.path + query : nil)
        }
        self.user = identity.user
        self.csrfToken = csrfToken
    }

    /// Throws 403 unless `sent` is this session's CSRF token.
    func verifyCSRF(_ sent: String?) throws {
        guard let sent, ConstantTime.equal(sent, csrfToken) else {
            throw SwitchboardError(.forbidden, "The form has expired. Reload the page and try again.")
        }
    }

    /// Throws 404 (not 403, so nothing about other areas leaks) unless the viewer is an admin or owner.
    func requireAdmin() throws {
        guard isAdmin else { throw SwitchboardError(.notFound, "This page does not exist.") }
    }

    /// The `user` part of every page model.
    var model: [String: Any] {
        ["id": user.id, "name": user.name, "email": user.email, "role": user.role.rawValue, "isAdmin": isAdmin,
         "mayKeepMacros": mayKeepMacros]
    }
}
