import Foundation

/// A tenant: one company or brand. Every other row belongs to exactly one account.
public struct Account: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var createdAt: Date

    public init(id: Int64, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
