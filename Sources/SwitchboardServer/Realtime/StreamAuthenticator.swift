import Foundation
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardStorage

/// Finds who opens a stream: a personal API token (`Authorization: Bearer …` or, for browsers that cannot set
/// headers on a WebSocket, `?access_token=…`), or the web session cookie `sb_session`.
///
/// A cookie is only honoured when the request's `Origin` (if any) names the same host as `Host`, so another
/// site cannot open a stream with a visitor's cookie.
struct StreamAuthenticator: Sendable {
    static let sessionCookie = "sb_session"

    let database: Database
    let now: @Sendable () -> Date

    /// The caller, or `nil` when the request carries no valid credentials.
    func identity(for request: Request, logger: Logger) async throws -> Identity? {
        let now = self.now()
        if let secret = Self.bearerToken(request.headers[.authorization])
            ?? request.uri.queryParameters["access_token"].map(String.init)
        {
            guard Self.isPlausibleSecret(secret) else { return nil }
            let found = try await TokenAuthentication(database: database)
                .authenticate(secret: secret, now: now, logger: logger)
            guard let found, found.user.isActive else { return nil }
            return Identity(user: found.user, method: .token(id: found.token.id))
        }
        if let secret = request.cookies[Self.sessionCookie]?.value, Self.isPlausibleSecret(secret),
            Self.isSameOrigin(origin: request.headers[.origin], host: request.head.authority)
        {
            let found = try await database.read { db in
                try await SessionRepository().get(secret: secret, now: now, on: db)
            }
            guard let found, found.user.isActive else { return nil }
            return Identity(user: found.user, method: .session(csrfToken: found.csrfToken))
        }
        return nil
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else `nil`.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Whether a secret is worth a database lookup: 1–512 printable ASCII characters.
    static func isPlausibleSecret(_ secret: String) -> Bool {
        !secret.isEmpty && secret.utf8.count <= 512 && secret.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// Whether a browser `Origin` header names the same host name as the `Host` header (ports are not compared;
    /// a missing Origin — a non-browser client — is accepted).
    static func isSameOrigin(origin: String?, host: String?) -> Bool {
        guard let origin else { return true }
        guard let host, let originHost = URLComponents(string: origin)?.host?.lowercased(), !originHost.isEmpty,
            let hostName = URLComponents(string: "http://" + host)?.host?.lowercased()
        else { return false }
        return originHost == hostName
    }
}
