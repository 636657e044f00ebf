import Hummingbird
import HummingbirdWebSocket

/// The request context of the WebSocket router: the upgrade request's caller and catch-up position, filled by
/// ``StreamAuthMiddleware`` before the upgrade decision.
public struct StreamRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The authenticated caller, or `nil` (the upgrade is then refused and the HTTP router answers 401).
    public var identity: Identity?
    /// The `after` query parameter: replay events with a higher id before live ones.
    public var after: Int64?
    /// Whether `after` was present but not a positive integer (the upgrade is refused; HTTP answers 400).
    public var afterIsInvalid: Bool

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.identity = nil
        self.after = nil
        self.afterIsInvalid = false
    }
}
