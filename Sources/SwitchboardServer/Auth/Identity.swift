import SwitchboardCore

/// Who is calling and how they proved it.
public struct Identity: Sendable {
    /// How the caller authenticated.
    public enum Method: Sendable, Equatable {
        /// A personal API token (`Authorization: Bearer sbt_…`).
        case token(id: Int64)
        /// The web session cookie; state-changing requests must carry `csrfToken` in `X-CSRF-Token`.
        case session(csrfToken: String)
    }

    public var user: User
    public var method: Method

    public init(user: User, method: Method) {
        self.user = user
        self.method = method
    }
}
