import Foundation
import HTTPTypes
import Hummingbird

/// The web session cookie `sb_session`: HttpOnly, SameSite=Lax, Path=/, Secure when served over HTTPS.
enum SessionCookie {
    static let name = "sb_session"

    /// Whether the client reached us over TLS: the `secure_cookies` setting, or (behind a trusted proxy)
    /// `X-Forwarded-Proto: https`.
    static func isSecure(_ request: Request, settings: ServerSettings) -> Bool {
        if settings.secureCookies { return true }
        guard settings.trustProxy, let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!] else {
            return false
        }
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    static func make(secret: String, maxAge: Duration, secure: Bool) -> Cookie {
        Cookie(
            name: name, value: secret, maxAge: Int(maxAge.components.seconds), path: "/", secure: secure,
            httpOnly: true, sameSite: .lax)
    }

    static func cleared(secure: Bool) -> Cookie {
        Cookie(
            name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure,
            httpOnly: true, sameSite: .lax)
    }
}
