/// The one error type that crosses layer boundaries on purpose.
///
/// Core and Storage throw it with a `code` the server maps to an HTTP status once, and a `message`
/// that is safe to show to users. It never carries SQL, stack traces or secrets.
public struct SwitchboardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in terms a client can act on.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The input is malformed or violates a rule (HTTP 400/422).
        case invalidInput = "invalid_input"
        /// No credentials, or credentials that are not valid (HTTP 401).
        case unauthenticated
        /// Authenticated, but the role or account does not allow it (HTTP 403).
        case forbidden
        /// The thing does not exist, or is not visible to the caller (HTTP 404).
        case notFound = "not_found"
        /// The change collides with existing state: a duplicate, a stale version (HTTP 409).
        case conflict
        /// The state machine does not allow this transition (HTTP 409).
        case invalidTransition = "invalid_transition"
        /// The request or payload is larger than the configured limit (HTTP 413).
        case tooLarge = "too_large"
        /// Too many attempts; try again later (HTTP 429).
        case rateLimited = "rate_limited"
        /// A dependency (database, mail server) is unavailable; retrying may succeed (HTTP 503).
        case unavailable
        /// A bug or an unexpected failure; details are only in the server log (HTTP 500).
        case internalError = "internal_error"
    }

    public var code: Code
    /// A sentence for the client. Never contains SQL or internal details.
    public var message: String
    /// The input field the error is about (`subject`, `requester.email`), or `nil` when it is not about one field.
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        if let field { return "\(code.rawValue): \(message) (field \(field))" }
        return "\(code.rawValue): \(message)"
    }

    /// A missing or invalid field.
    public static func invalid(_ field: String, _ message: String) -> SwitchboardError {
        SwitchboardError(.invalidInput, message, field: field)
    }

    /// A thing that does not exist or is not visible to the caller.
    public static func notFound(_ what: String) -> SwitchboardError {
        SwitchboardError(.notFound, "\(what) not found")
    }
}
