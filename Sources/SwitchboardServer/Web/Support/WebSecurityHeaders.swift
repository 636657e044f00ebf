import HTTPTypes
import Hummingbird

/// The security headers of every HTML page and asset of the agent workspace.
///
/// The Content-Security-Policy allows scripts, styles, images, fonts and connections (including the
/// same-origin WebSocket) only from the server itself: no inline script or style, no framing, forms post only
/// here. Images in e-mail bodies from other hosts are therefore not loaded (no tracking pixels).
enum WebSecurityHeaders {
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'", "manifest-src 'self'",
    ].joined(separator: "; ")

    /// Adds the headers every web response carries.
    static func apply(to fields: inout HTTPFields) {
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[HTTPField.Name("X-Frame-Options")!] = "DENY"
        fields[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        fields[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
    }
}
