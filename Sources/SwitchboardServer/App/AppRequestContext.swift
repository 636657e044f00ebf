import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// The request context of every route: the logger (with the request id), the peer address and, once
/// ``AuthenticationMiddleware`` ran, the caller's ``Identity`` (`nil` for anonymous requests).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer, when known (not in in-process tests).
    public let remoteAddress: SocketAddress?
    /// The authenticated caller, or `nil`.
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.identity = nil
    }

    /// The configured limit is enforced by ``BodyLimitMiddleware``; decoding itself does not cap again.
    public var maxUploadSize: Int { Int(Int32.max) }

    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: SortedJSONEncoder { APIJSON.encoder }
}
