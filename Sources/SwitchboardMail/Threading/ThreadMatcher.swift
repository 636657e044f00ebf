import Foundation

/// What is known about an inbound mail and the tickets it might belong to; gathered by the ingest from the
/// database, then handed to ``ThreadMatcher/decide(_:)``.
public struct ThreadEvidence: Sendable, Equatable {
    /// A ticket that is not merged away: its id, number, requester, whether it is unsolved, subject, last update.
    public struct Candidate: Sendable, Equatable {
        public var ticketID: Int64
        public var requesterID: Int64
        public var isOpen: Bool
        public var subject: String
        public var updatedAt: Date

        public init(ticketID: Int64, requesterID: Int64, isOpen: Bool, subject: String, updatedAt: Date) {
            self.ticketID = ticketID
            self.requesterID = requesterID
            self.isOpen = isOpen
            self.subject = subject
            self.updatedAt = updatedAt
        }
    }

    /// The ticket of a message whose Message-ID the mail names in In-Reply-To or References (ours or inbound).
    public var referencedTicketID: Int64?
    /// The ticket named by a verified `+token` in a recipient address.
    public var replyAddressTicketID: Int64?
    /// The ticket whose `[#number]` the subject carries, when it exists.
    public var subjectTagTicket: Candidate?
    /// The sender's contact id, when the sender is a known contact.
    public var senderContactID: Int64?
    /// The mail's subject.
    public var subject: String
    /// The sender's recent tickets (any status).
    public var recentTickets: [Candidate]
    /// When the mail arrived.
    public var now: Date

    public init(
        referencedTicketID: Int64? = nil, replyAddressTicketID: Int64? = nil, subjectTagTicket: Candidate? = nil,
        senderContactID: Int64? = nil, subject: String, recentTickets: [Candidate] = [], now: Date
    ) {
        self.referencedTicketID = referencedTicketID
        self.replyAddressTicketID = replyAddressTicketID
        self.subjectTagTicket = subjectTagTicket
        self.senderContactID = senderContactID
        self.subject = subject
        self.recentTickets = recentTickets
        self.now = now
    }
}

/// Where an inbound mail goes.
public enum ThreadDecision: Sendable, Equatable {
    /// Add it to this ticket, found by `reason`.
    case existing(ticketID: Int64, reason: Reason)
    /// Start a new ticket.
    case newTicket

    /// Which rule matched.
    public enum Reason: String, Sendable, Equatable {
        case references
        case replyAddress = "reply_address"
        case subjectTag = "subject_tag"
        case subjectMatch = "subject_match"
    }
}

/// Decides which ticket an inbound mail belongs to, by in order:
/// 1. In-Reply-To/References naming a message we know (our outbound Message-IDs or earlier inbound mail);
/// 2. a per-ticket reply address (`support+t12-…@…`, verified by its mac);
/// 3. the `[#number]` subject tag — only when the sender is that ticket's requester, so that a stranger who
///    guesses a number cannot write into someone else's ticket;
/// 4. an open ticket of the same sender with the same normalised subject updated within ``subjectWindow``
///    (the most recently updated one);
/// otherwise a new ticket.
public enum ThreadMatcher {
    /// How far back a same-subject open ticket of the sender is still joined: 7 days.
    public static let subjectWindow: TimeInterval = 7 * 24 * 3600

    /// The decision for `evidence`. Pure: no I/O, no clock.
    public static func decide(_ evidence: ThreadEvidence) -> ThreadDecision {
        if let id = evidence.referencedTicketID { return .existing(ticketID: id, reason: .references) }
        if let id = evidence.replyAddressTicketID { return .existing(ticketID: id, reason: .replyAddress) }
        if let tagged = evidence.subjectTagTicket, let sender = evidence.senderContactID,
            tagged.requesterID == sender
        {
            return .existing(ticketID: tagged.ticketID, reason: .subjectTag)
        }
        guard let sender = evidence.senderContactID else { return .newTicket }
        let normalized = SubjectNormalizer.normalize(evidence.subject)
        guard !normalized.isEmpty else { return .newTicket }
        let cutoff = evidence.now.addingTimeInterval(-subjectWindow)
        let match = evidence.recentTickets
            .filter {
                $0.requesterID == sender && $0.isOpen && $0.updatedAt >= cutoff
                    && SubjectNormalizer.normalize($0.subject) == normalized
            }
            .max { ($0.updatedAt, $0.ticketID) < ($1.updatedAt, $1.ticketID) }
        if let match { return .existing(ticketID: match.ticketID, reason: .subjectMatch) }
        return .newTicket
    }
}
