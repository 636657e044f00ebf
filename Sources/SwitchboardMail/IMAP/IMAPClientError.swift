/// An error of the IMAP client. `message` is safe to log and to show to an admin; it never contains the password.
public struct IMAPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was, so callers can decide whether to retry.
    public enum Code: String, Sendable, Equatable {
        /// The TCP connection could not be made or broke.
        case connection
        /// TLS setup or the handshake failed (bad certificate, wrong port).
        case tls
        /// The server refused the credentials.
        case authentication
        /// The server answered a command with NO or BAD.
        case commandFailed = "command_failed"
        /// The server sent something that is not IMAP4rev1.
        case protocolViolation = "protocol_violation"
        /// The server exceeded a limit (line length, literal size, nesting); the connection is dropped.
        case limitExceeded = "limit_exceeded"
        /// The server did not answer in time.
        case timeout
        /// The server lacks a capability we need (STARTTLS, IDLE).
        case unsupported
        /// Bad client configuration (unreadable CA file, invalid mailbox name).
        case configuration
    }

    public var code: Code
    public var message: String
    /// The response code of a NO/BAD answer (`TRYCREATE`, `AUTHENTICATIONFAILED`), upper-cased, or nil.
    public var responseCode: String?

    public init(_ code: Code, _ message: String, responseCode: String? = nil) {
        self.code = code
        self.message = message
        self.responseCode = responseCode
    }

    public var description: String { "imap \(code.rawValue): \(message)" }
}
