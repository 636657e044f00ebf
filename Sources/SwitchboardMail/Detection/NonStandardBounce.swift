/// Bounces without RFC 3464 structure: recognised by who sends them, their subject, and the
/// phrases MTAs put in the report text; the details are read from the report text up to where the
/// returned original message begins.
enum NonStandardBounce {
    static func detect(headers: MailHeaders, subject: String, text: String) -> BounceInfo {
        let lowerSubject = PhraseSearch(subject)
        let report = reportSection(of: text)
        let lowerReport = PhraseSearch(report)
        let fromDaemon = isDaemonSender(headers)
        let subjectSignal = lowerSubject.containsAny(Sets.bounceSubjects)
        let bodySignal = lowerReport.containsAny(Sets.bounceBodyPhrases)
        guard subjectSignal || bodySignal || (fromDaemon && lowerReport.containsAny(Sets.failureWords)) else {
            return .none
        }
        if lowerSubject.containsAny(Sets.outOfOfficeSubjects) && !bodySignal { return .none }
        let temporary =
            lowerReport.containsAny(Sets.temporaryPhrases) || lowerSubject.containsAny(Sets.temporaryPhrases)
        var status = BounceDetector.enhancedStatus(in: Substring(report))
        let reply = BounceDetector.replyCode(in: Substring(report))
        if let found = status, found.hasPrefix("2") { status = nil }
        if status == nil, let reply { status = BounceDetector.status(fromReplyCode: reply) }
        if status == nil, lowerReport.containsAny(Sets.expiryPhrases) {
            status = "4.4.7" // delivery time expired (RFC 3463): the MTA gave up after retrying
        }
        if status == nil { status = temporary ? "4.0.0" : "5.0.0" }
        if temporary, let found = status, found.hasPrefix("5"), reply == nil || reply?.first == "4" {
            // A delay notice quoting no permanent reply: the class comes from the wording.
            if BounceDetector.enhancedStatus(in: Substring(report)) == nil { status = "4.0.0" }
        }
        // A 4.x.x code in a report that says the MTA gave up (expiry, "permanent error") still means the
        // message will not be delivered: the action is "failed".
        let gaveUp = lowerReport.containsAny(Sets.permanentPhrases) || lowerReport.containsAny(Sets.expiryPhrases)
        let action = status?.first == "4" && !gaveUp ? "delayed" : "failed"
        return BounceInfo(isBounce: true, recipient: firstRecipient(in: report, headers: headers), status: status,
                          action: action, diagnostic: diagnosticLine(in: report))
    }

    /// The phrase lists, prepared once (the first four are searched in every inbound message).
    private enum Sets {
        static let bounceSubjects = PhraseSet(NonStandardBounce.bounceSubjects)
        static let bounceBodyPhrases = PhraseSet(NonStandardBounce.bounceBodyPhrases)
        static let failureWords = PhraseSet(NonStandardBounce.failureWords)
        static let daemonSenders = PhraseSet(NonStandardBounce.daemonSenders)
        static let outOfOfficeSubjects = PhraseSet(AutoReplyDetector.outOfOfficeSubjects)
        static let temporaryPhrases = PhraseSet(NonStandardBounce.temporaryPhrases)
        static let expiryPhrases = PhraseSet(NonStandardBounce.expiryPhrases)
        static let permanentPhrases = PhraseSet(NonStandardBounce.permanentPhrases)
        static let originalMessageMarkers = PhraseSet(NonStandardBounce.originalMessageMarkers)
    }

    /// Senders that deliver reports: MAILER-DAEMON, postmaster, "Mail Delivery System" …
    static func isDaemonSender(_ headers: MailHeaders) -> Bool {
        guard let raw = headers.first("From") else { return false }
        let text = raw.value
        return PhraseSearch(text).containsAny(Sets.daemonSenders) || text.trimmingASCIIWhitespace().isEmpty
    }

    static let daemonSenders: [String] = [
        "mailer-daemon", "mailer_daemon", "post_master", "mailerdaemon", "postmaster", "mail delivery",
        "mail-daemon", "mail administrator", "system administrator", "mail system", "delivery subsystem",
        "mail_delivery", "mail-delivery", "mdaemon", "<>",
    ]

    static let failureWords: [String] = [
        "could not be delivered", "undeliverable", "delivery failed", "failed", "unable to deliver",
        "not delivered", "rejected", "returned", "user unknown", "does not exist", "no such user",
        "permanent error", "temporary error", "delivery has failed", "delayed", "error",
    ]

    static let bounceSubjects: [String] = [
        "undeliverable", "undelivered mail", "undelivered message", "delivery status notification (failure)",
        "delivery status notification (delay)", "returned mail", "mail delivery failed", "delivery failure",
        "failure notice", "mail delivery failure", "delivery notification: delivery has failed",
        "nondeliverable", "non-deliverable", "non remis", "unzustellbar", "nicht zustellbar",
        "could not send message", "mail system error", "delivery failed", "message delivery failure",
        "delivery problem", "undeliverable mail", "returned to sender", "warning: could not send",
        "warning: message", "delivery delayed", "delayed mail", "mail could not be delivered",
        "delivery status notification", "rejected:", "message not delivered", "permanent delivery failure",
        "notificación de estado de entrega", "不能送達", "配信不能", "退信", "系统退信", "error sending message",
        "mail failure", "bounce", "delivery report", "return notice",
    ]

    static let bounceBodyPhrases: [String] = [
        "this is the qmail-send program", "i'm afraid i wasn't able to deliver",
        "this message was created automatically by mail delivery software",
        "could not be delivered to one or more of its recipients", "a message that you sent could not be delivered",
        "the following addresses had permanent fatal errors", "transcript of session follows",
        "this is the mail system at host", "your message could not be delivered",
        "delivery has failed to these recipients", "delivery to the following recipient failed",
        "delivery to the following recipients failed", "sorry, we were unable to deliver your message",
        "message could not be delivered", "unable to deliver your message", "was not delivered to",
        "could not be delivered to the following", "the following recipient(s) could not be reached",
        "your message did not reach some or all of the intended recipients",
        "your message wasn't delivered", "your message couldn't be delivered", "message wasn't delivered",
        "permanent error. the following address", "this is an automatically generated delivery status notification",
        "delivery status notification", "the original message was received at",
        "the following message to <", "has not yet been delivered", "could not be delivered",
        "undeliverable", "undelivered", "delivery failed", "mail delivery failed",
        "delivery to the following", "your mail to the following recipients could not be delivered",
        "the following recipients did not receive your message", "failed to deliver",
        "was undeliverable", "unable to deliver", "permanent failure", "temporary failure",
        "message rejected", "was rejected", "user unknown", "unknown user", "no such user", "mailbox unavailable",
        "mailbox is full", "quota exceeded", "delivery attempts will continue", "will continue to try",
        "has been delayed", "still undelivered", "could not deliver", "this is a permanent error",
        "smtp error from remote", "host unknown", "message expired", "retry timeout exceeded",
        "the recipient's mailbox is full", "does not exist", "returned mail", "non remis", "unzustellbar",
        "mail system error", "delivery notification", "failure notice", "delivery failure",
        "did not reach the following recipient", "recipient name is not recognized",
        "you are not a member of this mailing list", "invalid user address", "requested action not taken",
    ]

    static let permanentPhrases: [String] = [
        "permanent error", "i've given up", "not going to try again", "permanent failure", "permanently",
        "this is a permanent", "giving up",
    ]

    static let expiryPhrases: [String] = [
        "retry timeout exceeded", "in the queue too long", "message expired", "delivery time expired",
        "could not be delivered within", "has been in the queue for", "envelope expired",
    ]

    static let temporaryPhrases: [String] = [
        "delivery status notification (delay)", "has been delayed", "delivery attempts will continue",
        "will continue to try", "will continue trying", "will keep trying", "has not yet been delivered",
        "not been delivered yet", "still trying", "warning: could not send", "warning: message",
        "delivery delayed", "delayed mail", "temporarily deferred", "temporary failure", "is delayed",
        "will be retried", "retry will", "will retry", "deferred", "not yet been delivered", "delay notification",
        "warning message only", "you do not need to resend",
    ]

    /// The report text before the returned original message (searched within the first 64 KiB).
    static func reportSection(of text: String) -> String {
        let cut = PhraseSearch(text).firstOccurrence(ofAny: Sets.originalMessageMarkers, above: 40)
        let limit = min(cut ?? Int.max, PhraseSearch.window)
        let utf8 = Array(text.utf8.prefix(limit))
        return String(decoding: utf8, as: UTF8.self)
    }

    static let originalMessageMarkers: [String] = [
        "------ this is a copy of the message", "--- below this line is a copy of the message",
        "----- original message follows", "------ original message", "----- original message -----",
        "--- original message", "-----original message-----", "original message follows",
        "-------- original message", "--- the header of the original",
        "------ this is a copy of your message", "----- unsent message below -----",
        "--- below this line is a copy", "------- returned message --------", "----- returned message",
        "content-type: message/rfc822", "the original message was:", "------ original headers",
        "original message headers:", "--- undelivered message follows",
    ]

    /// The first mailbox-looking address in the report, skipping the daemon's own addresses.
    static func firstRecipient(in report: String, headers: MailHeaders) -> String? {
        let ownAddresses = Set((headers.first("From").map { AddressParser.parse($0.rawValue) } ?? [])
            .map { $0.address.lowercased() })
        for candidate in addressCandidates(in: report) {
            let lower = candidate.lowercased()
            if ownAddresses.contains(lower) { continue }
            if lower.hasPrefix("mailer-daemon@") || lower.hasPrefix("postmaster@") { continue }
            return candidate
        }
        return nil
    }

    private static func addressCandidates(in text: String) -> [String] {
        var result: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isAddressScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "._%+-=!#$&'*/?^`{|}~".unicodeScalars.contains(scalar))
        }
        while index < scalars.count && result.count < 20 {
            if scalars[index] == "@" {
                var start = index
                while start > 0 && isAddressScalar(scalars[start - 1]) { start -= 1 }
                var end = index + 1
                while end < scalars.count && (isAddressScalar(scalars[end]) && scalars[end] != "'") { end += 1 }
                while end > index + 1 && (scalars[end - 1] == "." || scalars[end - 1] == "-") { end -= 1 }
                if start < index && end > index + 1 {
                    let candidate = String(String.UnicodeScalarView(scalars[start..<end]))
                    if candidate.contains(".") || candidate.split(separator: "@").last?.isEmpty == false {
                        result.append(candidate)
                    }
                }
                index = end
                continue
            }
            index += 1
        }
        return result
    }

    /// The first line of the report that carries an SMTP reply or enhanced status code.
    static func diagnosticLine(in report: String) -> String? {
        for line in report.split(whereSeparator: { $0 == "\n" }) {
            if BounceDetector.enhancedStatus(in: line) != nil || BounceDetector.replyCode(in: line) != nil {
                let trimmed = line.trimmingASCIIWhitespace()
                return trimmed.count > 500 ? String(trimmed.prefix(500)) : trimmed
            }
        }
        return nil
    }
}
