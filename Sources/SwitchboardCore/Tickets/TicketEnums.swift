/// Where a ticket stands in its life.
public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    /// Nobody has worked on it yet.
    case new
    /// An agent owes the customer an answer.
    case open
    /// Waiting for the customer.
    case pending
    /// Waiting for a third party (another team, a supplier).
    case onHold = "on_hold"
    /// The agent considers the problem solved; a customer reply reopens it.
    case solved
    /// Final. A customer reply starts a new, linked ticket.
    case closed

    /// Whether the ticket still needs work from the team (new, open, pending, on hold).
    public var isUnsolved: Bool { self != .solved && self != .closed }
}

/// How urgent a ticket is. Ordered: `low < normal < high < urgent`.
public enum TicketPriority: String, Sendable, Codable, CaseIterable, Comparable {
    case low, normal, high, urgent

    /// A number that sorts priorities (`low` = 0 … `urgent` = 3), used for storage and ordering.
    public var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }

    /// The priority with the given rank, or `nil` when the rank is out of range.
    public init?(rank: Int) {
        guard let match = Self.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = match
    }

    public static func < (lhs: TicketPriority, rhs: TicketPriority) -> Bool { lhs.rank < rhs.rank }
}

/// What kind of case a ticket is.
public enum TicketType: String, Sendable, Codable, CaseIterable {
    case question, incident, problem, task, complaint, feedback, lead
}
