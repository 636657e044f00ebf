import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore

/// The context of routes that need a signed-in user: `user` is never `nil` here.
///
/// Created from ``AppRequestContext``; creation fails with 401 when no identity was established.
public struct AuthenticatedContext: ChildRequestContext {
    public typealias ParentContext = AppRequestContext

    public var coreContext: CoreRequestContextStorage
    public let identity: Identity
    public let remoteAddress: SocketAddress?

    public init(context: AppRequestContext) throws {
        guard let identity = context.identity else {
            throw SwitchboardError(.unauthenticated, "authentication required")
        }
        self.coreContext = context.coreContext
        self.identity = identity
        self.remoteAddress = context.remoteAddress
    }

    /// The signed-in user.
    public var user: User { identity.user }
    /// The caller's account; every query of a handler filters by it.
    public var accountID: Int64 { identity.user.accountID }

    public var maxUploadSize: Int { Int(Int32.max) }
    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: SortedJSONEncoder { APIJSON.encoder }

    /// Throws 403 unless the user's role includes `role`.
    public func require(_ role: UserRole) throws {
        guard user.role.includes(role) else {
            throw SwitchboardError(.forbidden, "this needs the \(role.rawValue) role or higher")
        }
    }

    /// The actor recorded on events the caller causes.
    public var actor: EventActor { EventActor(kind: .user, id: user.id) }
}
