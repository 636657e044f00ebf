/// What happened to one inbound message.
public struct EmailIngestResult: Sendable, Equatable, Codable {
    /// The ticket the message is on (for a duplicate: the ticket of the earlier copy).
    public var ticketID: Int64
    /// The stored message (for a duplicate: the earlier copy).
    public var messageID: Int64
    /// Whether a new ticket was started.
    public var createdTicket: Bool
    /// Whether the same Message-ID was already stored, so nothing new was created.
    public var duplicate: Bool

    public init(ticketID: Int64, messageID: Int64, createdTicket: Bool, duplicate: Bool) {
        self.ticketID = ticketID
        self.messageID = messageID
        self.createdTicket = createdTicket
        self.duplicate = duplicate
    }

    enum CodingKeys: String, CodingKey {
        case ticketID = "ticket_id"
        case messageID = "message_id"
        case createdTicket = "created_ticket"
        case duplicate
    }
}

/// Where an inbound message is delivered.
public enum EmailDestination: Sendable, Equatable {
    /// An inbox chosen by the caller (the raw-email route: the caller's account).
    case inbox(accountID: Int64, inboxID: Int64)
    /// An envelope recipient (SMTP/LMTP `RCPT TO`): the inbox whose address it is, `+token` allowed.
    case recipient(String)
}
