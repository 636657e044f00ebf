import Foundation

/// A group of users that tickets can be routed to.
public struct Team: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var memberIDs: [Int64]
    public var createdAt: Date

    public init(id: Int64, accountID: Int64, name: String, memberIDs: [Int64] = [], createdAt: Date) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.memberIDs = memberIDs
        self.createdAt = createdAt
    }
}
