import Foundation

/// How a contact is known on one channel.
public enum ContactIdentityKind: String, Sendable, Codable, CaseIterable {
    case email
    case phone
    case chatVisitor = "chat_visitor"
    case externalID = "external_id"
}

/// One way to reach or recognise a contact: an email address, a phone number, a chat visitor id.
///
/// `value` is stored normalised (see ``ContactIdentity/normalize(_:kind:)``) so lookups are exact.
public struct ContactIdentity: Sendable, Codable, Equatable {
    public var id: Int64
    public var contactID: Int64
    public var kind: ContactIdentityKind
    public var value: String
    /// `true` after a permanent bounce: mail to this address is not delivered.
    public var isUndeliverable: Bool

    public init(id: Int64, contactID: Int64, kind: ContactIdentityKind, value: String, isUndeliverable: Bool = false) {
        self.id = id
        self.contactID = contactID
        self.kind = kind
        self.value = value
        self.isUndeliverable = isUndeliverable
    }

    /// The canonical form used for storage and lookup: emails lower-cased and trimmed,
    /// phone numbers reduced to digits with a leading `+` kept.
    public static func normalize(_ value: String, kind: ContactIdentityKind) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .email:
            return trimmed.lowercased()
        case .phone:
            let digits = trimmed.filter(\.isASCII).filter(\.isNumber)
            return trimmed.hasPrefix("+") ? "+" + digits : digits
        case .chatVisitor, .externalID:
            return trimmed
        }
    }
}

/// A customer. Identities tie their channels to one record.
public struct Contact: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var organizationID: Int64?
    /// Free-text notes agents keep about the customer.
    public var notes: String
    public var identities: [ContactIdentity]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, organizationID: Int64? = nil, notes: String = "",
        identities: [ContactIdentity] = [], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.organizationID = organizationID
        self.notes = notes
        self.identities = identities
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The first email identity, if any.
    public var primaryEmail: String? { identities.first { $0.kind == .email }?.value }
}

/// A company or group of contacts, with a service tier.
public struct Organization: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    /// A free label such as `standard`, `premium` or `enterprise`, used by SLA policies and reports.
    public var tier: String
    /// Email domains whose senders join this organization automatically.
    public var domains: [String]
    public var createdAt: Date

    public init(id: Int64, accountID: Int64, name: String, tier: String = "standard", domains: [String] = [],
                createdAt: Date) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.tier = tier
        self.domains = domains
        self.createdAt = createdAt
    }
}
