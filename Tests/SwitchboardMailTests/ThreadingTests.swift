import Foundation
import Testing
@testable import SwitchboardMail

@Suite("Threading: subjects, tags, reply addresses, decisions")
struct ThreadingTests {
    @Test(arguments: [
        ("Re: Printer on fire", "printer on fire"),
        ("RE: AW: Fwd:  Printer   on fire", "printer on fire"),
        ("Re[2]: SV: VS: printer on fire", "printer on fire"),
        ("[#12] Re: Printer on fire", "printer on fire"),
        ("Re: Printer on fire [#12]", "printer on fire"),
        ("回复: Printer on fire", "printer on fire"),
        ("Antw: WG: Printer on fire", "printer on fire"),
        ("Re: Re:", ""),
        ("Reply needed: Printer", "reply needed: printer"),
        ("Meeting: agenda", "meeting: agenda"),
    ])
    func normalisesSubjects(_ input: String, _ expected: String) {
        #expect(SubjectNormalizer.normalize(input) == expected)
    }

    @Test func findsAndAddsSubjectTags() {
        #expect(SubjectTag.ticketNumbers(in: "Re: Help [#42] and [#7]") == [42, 7])
        #expect(SubjectTag.ticketNumbers(in: "[# 9] x") == [9])
        #expect(SubjectTag.ticketNumbers(in: "[#abc] [#] [#0] [#1234567890]").isEmpty)
        #expect(SubjectTag.tagged("Help", number: 42) == "Help [#42]")
        #expect(SubjectTag.tagged("Re: Help [#42]", number: 42) == "Re: Help [#42]")
        #expect(SubjectTag.removingTags(from: "a [#1] b") == "a  b")
    }

    @Test func replyAddressesRoundTripAndCannotBeForged() {
        let codec = ReplyAddress(secret: Array("a secret of at least sixteen bytes".utf8))
        let address = codec.address(ticketID: 1234, base: "support@example.com")
        #expect(address?.hasPrefix("support+t1234-") == true)
        #expect(address?.hasSuffix("@example.com") == true)
        #expect(codec.ticketID(from: address!) == 1234)
        #expect(codec.ticketID(from: address!.uppercased()) == 1234)
        // Another ticket number with the same mac, another key, or a plain address: no ticket.
        let forged = address!.replacingOccurrences(of: "t1234-", with: "t1235-")
        #expect(codec.ticketID(from: forged) == nil)
        let other = ReplyAddress(secret: Array("another secret of sixteen bytes!".utf8))
        #expect(other.ticketID(from: address!) == nil)
        #expect(codec.ticketID(from: "support@example.com") == nil)
        #expect(codec.ticketID(from: "support+t1234-00@example.com") == nil)
        #expect(ReplyAddress.baseAddress(of: "Support+t1-abc@Example.com") == "support@example.com")
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func candidate(_ id: Int64, requester: Int64 = 5, open: Bool = true, subject: String = "Printer on fire",
                          ageDays: Double = 1) -> ThreadEvidence.Candidate {
        ThreadEvidence.Candidate(
            ticketID: id, requesterID: requester, isOpen: open, subject: subject,
            updatedAt: now.addingTimeInterval(-ageDays * 86400))
    }

    @Test func referencesWinOverEverythingElse() {
        let evidence = ThreadEvidence(
            referencedTicketID: 1, replyAddressTicketID: 2, subjectTagTicket: Self.candidate(3), senderContactID: 5,
            subject: "Re: Printer on fire", recentTickets: [Self.candidate(4)], now: Self.now)
        #expect(ThreadMatcher.decide(evidence) == .existing(ticketID: 1, reason: .references))
    }

    @Test func replyAddressThenSubjectTag() {
        var evidence = ThreadEvidence(
            replyAddressTicketID: 2, subjectTagTicket: Self.candidate(3), senderContactID: 5, subject: "x",
            now: Self.now)
        #expect(ThreadMatcher.decide(evidence) == .existing(ticketID: 2, reason: .replyAddress))
        evidence.replyAddressTicketID = nil
        #expect(ThreadMatcher.decide(evidence) == .existing(ticketID: 3, reason: .subjectTag))
    }

    @Test func subjectTagFromAStrangerStartsANewTicket() {
        let evidence = ThreadEvidence(
            subjectTagTicket: Self.candidate(3, requester: 5), senderContactID: 99, subject: "[#3] hi", now: Self.now)
        #expect(ThreadMatcher.decide(evidence) == .newTicket)
        let unknownSender = ThreadEvidence(subjectTagTicket: Self.candidate(3), subject: "[#3] hi", now: Self.now)
        #expect(ThreadMatcher.decide(unknownSender) == .newTicket)
    }

    @Test func sameSubjectWithinTheWindowJoinsTheNewestOpenTicket() {
        let evidence = ThreadEvidence(
            senderContactID: 5, subject: "Fwd: printer ON fire",
            recentTickets: [
                Self.candidate(10, ageDays: 3), Self.candidate(11, ageDays: 2),
                Self.candidate(12, open: false, ageDays: 0.5), Self.candidate(13, ageDays: 8),
                Self.candidate(14, requester: 6, ageDays: 0.1), Self.candidate(15, subject: "Other", ageDays: 0.1),
            ],
            now: Self.now)
        #expect(ThreadMatcher.decide(evidence) == .existing(ticketID: 11, reason: .subjectMatch))
    }

    @Test func noMatchStartsANewTicket() {
        let old = ThreadEvidence(
            senderContactID: 5, subject: "Printer on fire", recentTickets: [Self.candidate(1, ageDays: 7.5)],
            now: Self.now)
        #expect(ThreadMatcher.decide(old) == .newTicket)
        let emptySubject = ThreadEvidence(
            senderContactID: 5, subject: "Re:", recentTickets: [Self.candidate(1, subject: "")], now: Self.now)
        #expect(ThreadMatcher.decide(emptySubject) == .newTicket)
    }

    @Test func outboundMessageIDsAreUnique() {
        let ids = (0..<1000).map { _ in OutboundMessageID.make(ticketID: 7, domain: "Example.COM") }
        #expect(Set(ids).count == 1000)
        #expect(ids[0].hasPrefix("sb.7."))
        #expect(ids[0].hasSuffix("@example.com"))
        #expect(OutboundMessageID.domain(of: "support@help.example") == "help.example")
        #expect(OutboundMessageID.domain(of: nil) == "switchboard.invalid")
    }

    @Test func bounceOriginFindsTheReturnedMessageID() throws {
        let raw = """
            From: MAILER-DAEMON@mx.example\r
            To: support@example.com\r
            Subject: Undelivered Mail Returned to Sender\r
            Message-ID: <bounce-1@mx.example>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r
            \r
            --B\r
            Content-Type: text/plain\r
            \r
            The mail could not be delivered.\r
            --B\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; mx.example\r
            \r
            Final-Recipient: rfc822; gone@customer.example\r
            Action: failed\r
            Status: 5.1.1\r
            \r
            --B\r
            Content-Type: text/rfc822-headers\r
            \r
            From: support@example.com\r
            To: gone@customer.example\r
            Message-ID: <sb.1.abc@example.com>\r
            Subject: Re: Help\r
            \r
            --B--\r

            """
        let mail = try MailParser().parse(Array(raw.utf8))
        #expect(mail.bounce.isBounce)
        #expect(BounceOrigin.originalMessageIDs(of: mail).first == "sb.1.abc@example.com")
    }
}
