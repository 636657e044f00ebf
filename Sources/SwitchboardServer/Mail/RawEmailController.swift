import Hummingbird
import NIOCore
import SwitchboardCore

/// `POST /api/v1/inboxes/{id}/raw-email`: hands one raw RFC 5322 message to ``EmailIngest`` (used by the
/// `switchboard mail deliver` pipe command and by integrations).
///
/// Body: the message bytes, `Content-Type: message/rfc822` (or `application/octet-stream`, `text/plain`).
/// Callers: an admin, or any user authenticating with an API token (a mail transfer agent's token).
/// Answers 201 `{"ticket_id", "message_id", "created_ticket", "duplicate": false}` once committed, 200 with
/// `"duplicate": true` when the same Message-ID was already stored, 413 over `mail_max_message_bytes`,
/// 415 for another content type, 404 for an inbox not in the caller's account.
public struct RawEmailController: Sendable {
    let ingest: EmailIngest
    let maxMessageBytes: Int

    public init(ingest: EmailIngest, maxMessageBytes: Int) {
        self.ingest = ingest
        self.maxMessageBytes = maxMessageBytes
    }

    /// Register at `inboxes` on the authenticated `/api/v1` group.
    public var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.post("{id}/raw-email", use: deliver)
        return routes
    }

    static let acceptedTypes: Set<String> = ["message/rfc822", "application/octet-stream", "text/plain"]

    @Sendable func deliver(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var isToken = false
        if case .token = context.identity.method { isToken = true }
        guard isToken || context.user.role.includes(.admin) else {
            throw SwitchboardError(.forbidden, "delivering raw email needs an API token or the admin role")
        }
        let inboxID = try context.pathID()
        let type = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard Self.acceptedTypes.contains(type) else {
            throw APIError(
                SwitchboardError(.invalidInput, "the body must be a raw message (Content-Type: message/rfc822)"),
                status: .unsupportedMediaType)
        }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxMessageBytes {
            throw SwitchboardError(.tooLarge, "the message is larger than \(maxMessageBytes) bytes", field: "message")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxMessageBytes)
        } catch is NIOTooManyBytesError {
            throw SwitchboardError(.tooLarge, "the message is larger than \(maxMessageBytes) bytes", field: "message")
        }
        let raw = Array(buffer.readableBytesView)
        let result = try await ingest.ingest(
            raw, to: .inbox(accountID: context.accountID, inboxID: inboxID), logger: context.logger)
        return try APIJSON.response(result, status: result.duplicate ? .ok : .created)
    }
}
