import Foundation

/// Something that happens to a ticket and may move its status and its reporting timestamps.
public enum TicketLifecycleAction: Sendable, Equatable {
    /// The customer wrote (a new message on an existing ticket).
    case customerReplied
    /// An agent answered the customer publicly; `status` is the status the agent chose to submit as, if any.
    case agentReplied(status: TicketStatus?)
    /// An agent added an internal note. Never changes the status.
    case noteAdded
    /// An agent or rule set the status explicitly.
    case setStatus(TicketStatus)
    /// The ticket was merged into another one and is closed with a pointer to it.
    case mergedInto(ticketID: Int64)
    /// An automatic reply (out-of-office, bounce) arrived: recorded, never reopens.
    case automaticReplyReceived
    /// We sent an automatic notice (an acknowledgement of receipt): recorded; it is not a first response, does not
    /// end the customer's wait and never changes the status. Refused on a closed ticket.
    case automaticNoticeSent
}

/// What the lifecycle decided.
public enum TicketLifecycleOutcome: Sendable, Equatable {
    /// Apply this updated ticket.
    case updated(Ticket)
    /// The ticket is closed and a customer wrote again: start a new ticket linked to this one.
    case startFollowUp
}

/// The ticket status state machine and the timestamps reports depend on.
///
/// Pure: a function of the ticket, the action and the time. Rules:
/// - `closed` is final: only a customer reply is accepted, and it asks for a follow-up ticket.
/// - A customer reply moves new/pending/on hold/solved to `open`; reopening a solved ticket counts a reopen.
/// - An agent's public reply sets `firstResponseAt` once; it moves `new` to `open` unless the agent chose a status.
/// - Nothing moves a ticket back to `new`.
/// - `waitingSince` is set when the customer starts waiting (a customer message while none is pending) and
///   cleared when an agent answers publicly or the ticket leaves the unsolved states.
public enum TicketLifecycle {
    /// Applies `action` at `now`, or throws ``SwitchboardError/Code/invalidTransition`` when not allowed.
    public static func apply(_ action: TicketLifecycleAction, to ticket: Ticket, at now: Date) throws
        -> TicketLifecycleOutcome
    {
        var next = ticket
        next.updatedAt = now
        switch action {
        case .customerReplied:
            if ticket.status == .closed { return .startFollowUp }
            if ticket.status == .solved { next.reopenCount += 1 }
            next.status = .open
            next.solvedAt = nil
            if next.waitingSince == nil { next.waitingSince = now }

        case .automaticReplyReceived:
            break

        case .automaticNoticeSent:
            if ticket.status == .closed {
                throw SwitchboardError(.invalidTransition, "a closed ticket cannot be answered; create a follow-up")
            }

        case .noteAdded:
            if ticket.status == .closed {
                throw SwitchboardError(.invalidTransition, "a closed ticket cannot be changed")
            }

        case .agentReplied(let chosen):
            if ticket.status == .closed {
                throw SwitchboardError(.invalidTransition, "a closed ticket cannot be answered; create a follow-up")
            }
            if next.firstResponseAt == nil { next.firstResponseAt = now }
            next.waitingSince = nil
            if let chosen {
                try move(&next, to: chosen, at: now)
            } else if ticket.status == .new {
                next.status = .open
            }

        case .setStatus(let status):
            if ticket.status == .closed {
                throw SwitchboardError(.invalidTransition, "a closed ticket is final", field: "status")
            }
            try move(&next, to: status, at: now)

        case .mergedInto:
            if ticket.status == .closed {
                throw SwitchboardError(.invalidTransition, "a closed ticket cannot be merged")
            }
            next.status = .closed
            next.waitingSince = nil
            if next.solvedAt == nil { next.solvedAt = now }
            if case .mergedInto(let target) = action { next.mergedIntoID = target }
        }
        return .updated(next)
    }

    private static func move(_ ticket: inout Ticket, to status: TicketStatus, at now: Date) throws {
        guard status != .new || ticket.status == .new else {
            throw SwitchboardError(.invalidTransition, "a ticket cannot go back to new", field: "status")
        }
        let wasSolved = ticket.status == .solved
        if status == .open, wasSolved { ticket.reopenCount += 1 }
        if status == .solved || status == .closed {
            if !wasSolved || ticket.solvedAt == nil { ticket.solvedAt = now }
            ticket.waitingSince = nil
        } else {
            ticket.solvedAt = nil
        }
        if status == .pending || status == .onHold { ticket.waitingSince = nil }
        ticket.status = status
    }
}
