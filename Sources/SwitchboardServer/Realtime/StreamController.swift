import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import SwitchboardCore
import SwitchboardStorage

/// `GET /api/v1/stream`: a WebSocket that carries the caller's account's events as they are committed.
///
/// The upgrade is decided on a separate WebSocket router (``webSocketRouter()``). A request it declines —
/// no valid credentials, a bad `after`, or no upgrade headers at all — falls through to the HTTP router,
/// where ``addHTTPRoutes(to:)`` answers it like any API route: 401, 400, or 426 Upgrade Required.
///
/// Frames: see ``StreamServerFrame`` (server → client) and ``StreamClientFrame`` (client → server).
public struct StreamController: Sendable {
    /// The route of the stream.
    public static let path = "/api/v1/stream"
    /// Largest client frame accepted; larger ones close the connection.
    static let maximumClientFrameBytes = 16 * 1024

    private let hub: RealtimeHub
    private let authenticator: StreamAuthenticator
    private let session: StreamSession

    /// - Parameters:
    ///   - now: the current time, for session expiry.
    ///   - source: where catch-up events are read; defaults to the database.
    public init(
        hub: RealtimeHub, database: Database, now: @escaping @Sendable () -> Date = { Date() },
        source: (any RealtimeEventSource)? = nil, settings: RealtimeSettings = RealtimeSettings()
    ) {
        self.hub = hub
        self.authenticator = StreamAuthenticator(database: database, now: now)
        self.session = StreamSession(source: source ?? DatabaseEventSource(database: database), settings: settings)
    }

    /// The router to pass as `server: .http1WebSocketUpgrade(webSocketRouter:)`.
    public func webSocketRouter() -> Router<StreamRequestContext> {
        let router = Router(context: StreamRequestContext.self)
        router.group(RouterPath(stringLiteral: Self.path))
            .add(middleware: StreamAuthMiddleware(authenticator: authenticator))
            .ws(
                shouldUpgrade: { _, context in
                    context.identity != nil && !context.afterIsInvalid ? .upgrade([:]) : .dontUpgrade
                },
                onUpgrade: { inbound, outbound, context in
                    try await serve(inbound: inbound, outbound: outbound, context: context.requestContext)
                }
            )
        return router
    }

    /// Registers the plain-HTTP twin of the WebSocket route, `GET stream`, on the authenticated group at
    /// `/api/v1`. Requests reaching it did not upgrade: it answers 400 for a bad `after` and 426 Upgrade
    /// Required otherwise (unauthenticated ones never get here: the group answers 401).
    public func addHTTPRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("stream") { request, _ -> Response in
            if case .failure(let error) = StreamQuery.after(request.uri.queryParameters["after"].map(String.init)) {
                throw error
            }
            let body = ErrorBody(SwitchboardError(
                .invalidInput, "this route is a WebSocket: send a GET with Connection: Upgrade and Upgrade: websocket"))
            return try APIJSON.response(
                body, status: .upgradeRequired, headers: [.upgrade: "websocket", .connection: "Upgrade"])
        }
    }

    private func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, context: StreamRequestContext
    ) async throws {
        guard let identity = context.identity else { return }
        let logger = {
            var logger = context.logger
            logger[metadataKey: "switchboard.account_id"] = "\(identity.user.accountID)"
            logger[metadataKey: "switchboard.user_id"] = "\(identity.user.id)"
            return logger
        }()
        let subscription = hub.subscribe(accountID: identity.user.accountID)
        defer { subscription.cancel() }
        logger.debug("stream opened")
        let session = self.session
        let after = context.after
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let outcome = try await session.run(subscription: subscription, after: after) { frame in
                    try await outbound.write(.text(frame.text()))
                }
                logger.debug("stream ended", metadata: ["switchboard.reason": "\(outcome)"])
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: Self.maximumClientFrameBytes) {
                    let reply: StreamServerFrame
                    switch message {
                    case .text(let text):
                        do {
                            switch try StreamClientFrame(text: text) {
                            case .ping: reply = .pong
                            }
                        } catch let error as SwitchboardError {
                            reply = .error(error)
                        }
                    case .binary:
                        reply = .error(.invalid("type", "binary frames are not understood; send JSON text"))
                    }
                    try await outbound.write(.text(reply.text()))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
