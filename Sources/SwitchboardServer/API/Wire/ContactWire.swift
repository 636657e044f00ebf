import Foundation
import SwitchboardCore

/// `Contact` with its identities; `tickets` only on the single-contact answer.
public struct ContactWire: Codable, Sendable, Equatable {
    public struct IdentityWire: Codable, Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var value: String
        public var undeliverable: Bool

        public init(_ identity: ContactIdentity) {
            id = identity.id
            kind = identity.kind.rawValue
            value = identity.value
            undeliverable = identity.isUndeliverable
        }
    }

    public var id: Int64
    public var name: String
    public var organizationID: Int64?
    public var notes: String
    public var identities: [IdentityWire]
    public var createdAt: Date
    public var updatedAt: Date
    /// The contact's tickets, newest first (only on `GET /contacts/{id}`).
    public var tickets: [TicketWire]?

    enum CodingKeys: String, CodingKey {
        case id, name, notes, identities, tickets
        case organizationID = "organization_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(_ contact: Contact, tickets: [Ticket]? = nil) {
        id = contact.id
        name = contact.name
        organizationID = contact.organizationID
        notes = contact.notes
        identities = contact.identities.map(IdentityWire.init)
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
        self.tickets = tickets?.map(TicketWire.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(organizationID, forKey: .organizationID)
        try c.encode(notes, forKey: .notes)
        try c.encode(identities, forKey: .identities)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(tickets, forKey: .tickets)
    }
}

/// `Organization`: `{id, name, tier, domains, created_at}`.
public struct OrganizationWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var tier: String
    public var domains: [String]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, tier, domains
        case createdAt = "created_at"
    }

    public init(_ organization: Organization) {
        id = organization.id
        name = organization.name
        tier = organization.tier
        domains = organization.domains
        createdAt = organization.createdAt
    }
}
