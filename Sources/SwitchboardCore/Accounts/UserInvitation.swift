import Foundation

/// A one-time link that lets an invited user choose their password. Only the token's SHA-256 is stored.
public struct UserInvitation: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var userID: Int64
    /// The admin who sent it, when known.
    public var invitedBy: Int64?
    public var expiresAt: Date
    /// When the link was used (or replaced by a newer one); `nil` while it is pending.
    public var usedAt: Date?
    public var createdAt: Date

    /// How long a link stays valid.
    public static let lifetime: TimeInterval = 7 * 24 * 3600

    public init(
        id: Int64, accountID: Int64, userID: Int64, invitedBy: Int64?, expiresAt: Date, usedAt: Date? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.invitedBy = invitedBy
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.createdAt = createdAt
    }

    /// Whether the link can still be used at `now`.
    public func isPending(at now: Date) -> Bool { usedAt == nil && now < expiresAt }
}
