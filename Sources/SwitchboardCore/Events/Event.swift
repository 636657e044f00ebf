import Foundation

/// An immutable record of one change: the audit log, the ticket history and the source for realtime
/// updates, rules, webhooks and reports. Written in the same transaction as the change it describes.
public struct Event: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    /// Dotted name such as `ticket.created`, `ticket.updated`, `message.created`.
    public var type: String
    /// The ticket the event is about, when it is about one.
    public var ticketID: Int64?
    public var actor: EventActor
    /// The event's details as a JSON object (for updates: `{"changes": {"status": ["new","open"]}}`).
    public var payload: JSONValue
    public var createdAt: Date

    public init(
        id: Int64, accountID: Int64, type: String, ticketID: Int64?, actor: EventActor, payload: JSONValue,
        createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.type = type
        self.ticketID = ticketID
        self.actor = actor
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// Who caused an event.
public struct EventActor: Sendable, Codable, Equatable {
    /// `user`, `contact`, `system` or `api`.
    public var kind: AuthorKind
    public var id: Int64?

    public init(kind: AuthorKind, id: Int64?) {
        self.kind = kind
        self.id = id
    }

    /// The system itself (rules, schedulers, migrations).
    public static let system = EventActor(kind: .system, id: nil)
}

/// Names of the events Switchboard writes.
public enum EventType {
    public static let ticketCreated = "ticket.created"
    public static let ticketUpdated = "ticket.updated"
    public static let ticketMerged = "ticket.merged"
    public static let messageCreated = "message.created"
    public static let contactCreated = "contact.created"
    public static let contactUpdated = "contact.updated"
    public static let contactMerged = "contact.merged"
}
