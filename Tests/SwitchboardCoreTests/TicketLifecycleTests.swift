import Foundation
import Testing

@testable import SwitchboardCore

@Suite("Ticket lifecycle")
struct TicketLifecycleTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func ticket(_ status: TicketStatus) -> Ticket {
        Ticket(id: 1, accountID: 1, number: 1, subject: "Printer on fire", status: status, channel: .email,
               requesterID: 7, createdAt: start, updatedAt: start, waitingSince: start)
    }

    func updated(_ outcome: TicketLifecycleOutcome) throws -> Ticket {
        guard case .updated(let ticket) = outcome else {
            Issue.record("expected an updated ticket, got \(outcome)")
            throw SwitchboardError(.internalError, "unexpected outcome")
        }
        return ticket
    }

    @Test("an agent's first public reply opens a new ticket and records the first response once")
    func firstReply() throws {
        let later = start.addingTimeInterval(60)
        let replied = try updated(TicketLifecycle.apply(.agentReplied(status: nil), to: ticket(.new), at: later))
        #expect(replied.status == .open)
        #expect(replied.firstResponseAt == later)
        #expect(replied.waitingSince == nil)
        let again = try updated(
            TicketLifecycle.apply(.agentReplied(status: nil), to: replied, at: later.addingTimeInterval(60)))
        #expect(again.firstResponseAt == later)
    }

    @Test("an agent can reply and set pending in one step")
    func replyAsPending() throws {
        let replied = try updated(TicketLifecycle.apply(.agentReplied(status: .pending), to: ticket(.open), at: start))
        #expect(replied.status == .pending)
    }

    @Test("a customer reply reopens a solved ticket and counts the reopen")
    func customerReopensSolved() throws {
        var solved = ticket(.solved)
        solved.solvedAt = start
        solved.waitingSince = nil
        let later = start.addingTimeInterval(3600)
        let reopened = try updated(TicketLifecycle.apply(.customerReplied, to: solved, at: later))
        #expect(reopened.status == .open)
        #expect(reopened.reopenCount == 1)
        #expect(reopened.solvedAt == nil)
        #expect(reopened.waitingSince == later)
    }

    @Test("a customer reply moves pending and on-hold tickets back to open", arguments: [TicketStatus.pending, .onHold])
    func customerReplyOpens(_ status: TicketStatus) throws {
        let result = try updated(TicketLifecycle.apply(.customerReplied, to: ticket(status), at: start))
        #expect(result.status == .open)
        #expect(result.reopenCount == 0)
    }

    @Test("a customer reply keeps the original waiting-since time")
    func waitingSinceKept() throws {
        var open = ticket(.open)
        open.waitingSince = start
        let result = try updated(TicketLifecycle.apply(.customerReplied, to: open, at: start.addingTimeInterval(99)))
        #expect(result.waitingSince == start)
    }

    @Test("a customer reply to a closed ticket asks for a follow-up ticket")
    func closedStartsFollowUp() throws {
        #expect(try TicketLifecycle.apply(.customerReplied, to: ticket(.closed), at: start) == .startFollowUp)
    }

    @Test("closed is final for agents", arguments: [
        TicketLifecycleAction.setStatus(.open), .agentReplied(status: nil), .noteAdded, .mergedInto(ticketID: 2),
    ])
    func closedIsFinal(_ action: TicketLifecycleAction) {
        #expect(throws: SwitchboardError.self) { try TicketLifecycle.apply(action, to: ticket(.closed), at: start) }
    }

    @Test("nothing moves a ticket back to new")
    func neverBackToNew() {
        #expect(throws: SwitchboardError.self) {
            try TicketLifecycle.apply(.setStatus(.new), to: ticket(.open), at: start)
        }
    }

    @Test("solving records solved-at and stops the waiting clock; reopening by an agent counts")
    func solveAndReopen() throws {
        let solvedAt = start.addingTimeInterval(10)
        let solved = try updated(TicketLifecycle.apply(.setStatus(.solved), to: ticket(.open), at: solvedAt))
        #expect(solved.solvedAt == solvedAt)
        #expect(solved.waitingSince == nil)
        let closed = try updated(TicketLifecycle.apply(.setStatus(.closed), to: solved, at: solvedAt.addingTimeInterval(5)))
        #expect(closed.solvedAt == solvedAt)
        let reopened = try updated(TicketLifecycle.apply(.setStatus(.open), to: solved, at: solvedAt.addingTimeInterval(5)))
        #expect(reopened.reopenCount == 1)
        #expect(reopened.solvedAt == nil)
    }

    @Test("merging closes the source with a pointer to the target")
    func merge() throws {
        let merged = try updated(TicketLifecycle.apply(.mergedInto(ticketID: 42), to: ticket(.open), at: start))
        #expect(merged.status == .closed)
        #expect(merged.mergedIntoID == 42)
    }

    @Test("automatic replies never reopen a ticket")
    func automaticReply() throws {
        var solved = ticket(.solved)
        solved.solvedAt = start
        let result = try updated(TicketLifecycle.apply(.automaticReplyReceived, to: solved, at: start))
        #expect(result.status == .solved)
        #expect(result.reopenCount == 0)
    }

    @Test("an automatic notice is not a first response and changes no status")
    func automaticNotice() throws {
        for status in [TicketStatus.new, .open, .pending, .onHold, .solved] {
            var waiting = ticket(status)
            waiting.waitingSince = start
            let result = try updated(TicketLifecycle.apply(.automaticNoticeSent, to: waiting, at: start))
            #expect(result.status == status)
            #expect(result.firstResponseAt == nil)
            #expect(result.waitingSince == start)
        }
        #expect(throws: SwitchboardError.self) {
            try TicketLifecycle.apply(.automaticNoticeSent, to: ticket(.closed), at: start)
        }
    }

    @Test("notes never change the status")
    func notes() throws {
        for status in [TicketStatus.new, .open, .pending, .onHold, .solved] {
            #expect(try updated(TicketLifecycle.apply(.noteAdded, to: ticket(status), at: start)).status == status)
        }
    }
}
