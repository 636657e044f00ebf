import Foundation

/// A personal API token. Only its hash is stored; the secret is shown once, at creation.
public struct APIToken: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var userID: Int64
    public var name: String
    /// The first characters of the secret, to recognise a token in lists (`sbt_ab12…`).
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int64, accountID: Int64, userID: Int64, name: String, prefix: String, createdAt: Date,
        lastUsedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
