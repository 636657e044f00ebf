import Foundation

/// An agent or administrator of one account.
public struct User: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var email: String
    public var name: String
    public var role: UserRole
    /// `false` once the user was deactivated; deactivated users cannot log in or use tokens.
    public var isActive: Bool
    public var createdAt: Date

    public init(
        id: Int64, accountID: Int64, email: String, name: String, role: UserRole, isActive: Bool = true,
        createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.email = email
        self.name = name
        self.role = role
        self.isActive = isActive
        self.createdAt = createdAt
    }
}
