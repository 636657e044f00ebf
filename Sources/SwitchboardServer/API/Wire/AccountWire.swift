import Foundation
import SwitchboardCore

/// `User` as the API shows it: `{id, account_id, email, name, role, is_active, created_at}`.
public struct UserWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var email: String
    public var name: String
    public var role: String
    public var isActive: Bool
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case accountID = "account_id", isActive = "is_active", createdAt = "created_at"
    }

    public init(_ user: User) {
        id = user.id
        accountID = user.accountID
        email = user.email
        name = user.name
        role = user.role.rawValue
        isActive = user.isActive
        createdAt = user.createdAt
    }
}

/// `Account` as the API shows it: `{id, name, created_at}`.
public struct AccountWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name
        case createdAt = "created_at"
    }

    public init(_ account: Account) {
        id = account.id
        name = account.name
        createdAt = account.createdAt
    }
}

/// `Team`: `{id, name, member_ids, created_at}`.
public struct TeamWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var memberIDs: [Int64]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name
        case memberIDs = "member_ids", createdAt = "created_at"
    }

    public init(_ team: Team) {
        id = team.id
        name = team.name
        memberIDs = team.memberIDs
        createdAt = team.createdAt
    }
}

/// `Inbox`: `{id, name, channel, email_address, web_form_enabled, created_at}`.
public struct InboxWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var channel: String
    public var emailAddress: String?
    public var webFormEnabled: Bool
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, channel
        case emailAddress = "email_address", webFormEnabled = "web_form_enabled", createdAt = "created_at"
    }

    public init(_ inbox: Inbox) {
        id = inbox.id
        name = inbox.name
        channel = inbox.channel.rawValue
        emailAddress = inbox.emailAddress
        webFormEnabled = inbox.webFormEnabled
        createdAt = inbox.createdAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(channel, forKey: .channel)
        try container.encode(emailAddress, forKey: .emailAddress)
        try container.encode(webFormEnabled, forKey: .webFormEnabled)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// `APIToken`: `{id, name, prefix, created_at, last_used_at, revoked_at}` (never the secret).
public struct APITokenWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix
        case createdAt = "created_at", lastUsedAt = "last_used_at", revokedAt = "revoked_at"
    }

    public init(_ token: APIToken) {
        id = token.id
        name = token.name
        prefix = token.prefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}

/// `{"items": […], "next_cursor": "…" | null}` — every list answer.
public struct ListWire<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    public init(items: [Item], nextCursor: String? = nil) {
        self.items = items
        self.nextCursor = nextCursor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
