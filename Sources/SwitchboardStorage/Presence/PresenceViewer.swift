import Foundation

/// One person on a ticket right now: an agent whose open ticket page sent a heartbeat within the presence TTL.
public struct PresenceViewer: Sendable, Equatable {
    /// The user (agent or admin) of the account.
    public var userID: Int64
    /// The user's display name.
    public var name: String
    /// Whether the last heartbeat said the user was typing a reply or note.
    public var typing: Bool
    /// When the last heartbeat arrived.
    public var seenAt: Date

    public init(userID: Int64, name: String, typing: Bool, seenAt: Date) {
        self.userID = userID
        self.name = name
        self.typing = typing
        self.seenAt = seenAt
    }
}

extension Array where Element == PresenceViewer {
    /// The order presence is shown in: by name, then by user id (the same on every database and in memory).
    public func sortedForDisplay() -> [PresenceViewer] {
        sorted { ($0.name, $0.userID) < ($1.name, $1.userID) }
    }
}
