/// The server side of an SMTP (RFC 5321) or LMTP (RFC 2033) session as a pure state machine: it takes one line
/// at a time and answers with actions; the I/O driver performs them (replies, recipient checks, deliveries) and
/// feeds the results back. No sockets, no clock: fully testable.
///
/// The driver must not feed the next line while a recipient check or delivery is outstanding (it processes
/// lines strictly in order), which makes the session safe for PIPELINING.
public struct SMTPServerStateMachine: Sendable {
    /// Session limits and identity.
    public struct Configuration: Sendable, Equatable {
        /// LMTP (`LHLO`, one reply per recipient after DATA) instead of SMTP.
        public var isLMTP: Bool
        /// The name in the greeting and the EHLO answer.
        public var hostname: String
        /// Largest accepted message (after dot-unstuffing), advertised as SIZE; larger → 552.
        public var maxMessageBytes: Int
        /// Most recipients per transaction; more → 452.
        public var maxRecipients: Int
        /// Most failed commands before the session is closed with 421.
        public var maxErrors: Int

        public init(isLMTP: Bool, hostname: String = "switchboard", maxMessageBytes: Int = 25 << 20,
                    maxRecipients: Int = 100, maxErrors: Int = 10) {
            self.isLMTP = isLMTP
            self.hostname = hostname
            self.maxMessageBytes = maxMessageBytes
            self.maxRecipients = maxRecipients
            self.maxErrors = maxErrors
        }
    }

    /// What the driver must do.
    public enum Action: Sendable, Equatable {
        /// Send this reply (one or more lines, each `code text`, joined by the driver with CRLF).
        case reply(SMTPReply)
        /// Check whether `address` is a deliverable recipient, then call ``recipientChecked(_:)``.
        case checkRecipient(String)
        /// Deliver the message to every recipient, then call ``deliveryFinished(_:)`` with one outcome each.
        case deliver(SMTPEnvelope)
        /// Close the connection (after sending any reply before it).
        case close
    }

    /// The result of a recipient check.
    public enum RecipientCheck: Sendable, Equatable {
        case accepted
        /// No such mailbox: 550.
        case unknown
        /// Cannot tell now (database down): 451.
        case temporaryFailure
    }

    /// The result of delivering to one recipient.
    public enum DeliveryOutcome: Sendable, Equatable {
        /// Committed.
        case delivered
        /// Rejected for good (the text is shown to the sender): 550/552/554.
        case rejected(code: Int, enhanced: String, text: String)
        /// Not committed; the client should retry: 451.
        case temporaryFailure(String)
    }

    enum State: Sendable, Equatable {
        case greeted
        case ready
        case mail(from: String)
        case recipients(from: String, to: [String])
        case data(from: String, to: [String])
        case awaitingRecipient(from: String, to: [String], candidate: String)
        case awaitingDelivery(recipients: [String])
        case closed
    }

    public let configuration: Configuration
    private(set) var state: State = .greeted
    private var errors = 0
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    private var bodyLineTooLong = false

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The greeting to send when the connection opens.
    public var greeting: SMTPReply {
        SMTPReply(220, "\(configuration.hostname) \(configuration.isLMTP ? "LMTP" : "ESMTP") Switchboard ready")
    }

    /// Whether the session waits for the driver (a check or a delivery); lines must not be fed meanwhile.
    public var isAwaiting: Bool {
        switch state {
        case .awaitingRecipient, .awaitingDelivery: true
        default: false
        }
    }

    /// Feeds one received line (without its line ending).
    public mutating func receive(_ line: SMTPLine) -> [Action] {
        switch state {
        case .closed, .awaitingRecipient, .awaitingDelivery:
            return []
        case .data(let from, let to):
            return receiveData(line, from: from, to: to)
        default:
            break
        }
        guard case .line(let bytes) = line else {
            return fail(SMTPReply(500, "5.5.6 Line too long"))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let (verb, argument) = Self.split(text)
        switch verb {
        case "LHLO" where configuration.isLMTP, "EHLO" where !configuration.isLMTP:
            guard !argument.isEmpty else { return fail(SMTPReply(501, "5.5.4 Syntax: \(verb) hostname")) }
            resetTransaction()
            state = .ready
            return [.reply(SMTPReply(250, [
                "\(configuration.hostname) greets \(argument.prefix(64))", "PIPELINING",
                "SIZE \(configuration.maxMessageBytes)", "8BITMIME", "ENHANCEDSTATUSCODES",
            ]))]
        case "HELO" where !configuration.isLMTP:
            guard !argument.isEmpty else { return fail(SMTPReply(501, "5.5.4 Syntax: HELO hostname")) }
            resetTransaction()
            state = .ready
            return [.reply(SMTPReply(250, "\(configuration.hostname)"))]
        case "LHLO", "EHLO", "HELO":
            return fail(SMTPReply(500, "5.5.1 Use \(configuration.isLMTP ? "LHLO" : "EHLO") on this port"))
        case "MAIL":
            return mail(argument)
        case "RCPT":
            return recipient(argument)
        case "DATA":
            return data(argument)
        case "RSET":
            resetTransaction()
            if state != .greeted { state = .ready }
            return [.reply(SMTPReply(250, "2.0.0 OK"))]
        case "NOOP":
            return [.reply(SMTPReply(250, "2.0.0 OK"))]
        case "QUIT":
            state = .closed
            return [.reply(SMTPReply(221, "2.0.0 \(configuration.hostname) closing connection")), .close]
        case "VRFY":
            return [.reply(SMTPReply(252, "2.5.0 Cannot VRFY; send the mail and it will be tried"))]
        case "HELP":
            let hello = configuration.isLMTP ? "LHLO" : "EHLO HELO"
            return [.reply(SMTPReply(214, "2.0.0 Commands: \(hello) MAIL RCPT DATA RSET NOOP QUIT"))]
        default:
            return fail(SMTPReply(500, "5.5.2 Command not recognised"))
        }
    }

    /// Feeds the result of the recipient check asked for by ``Action/checkRecipient(_:)``.
    public mutating func recipientChecked(_ result: RecipientCheck) -> [Action] {
        guard case .awaitingRecipient(let from, let to, let candidate) = state else { return [] }
        switch result {
        case .accepted:
            state = .recipients(from: from, to: to + [candidate])
            return [.reply(SMTPReply(250, "2.1.5 OK"))]
        case .unknown:
            state = to.isEmpty ? .mail(from: from) : .recipients(from: from, to: to)
            return fail(SMTPReply(550, "5.1.1 No such mailbox: \(candidate.prefix(256))"))
        case .temporaryFailure:
            state = to.isEmpty ? .mail(from: from) : .recipients(from: from, to: to)
            return [.reply(SMTPReply(451, "4.3.0 Temporary failure; try again later"))]
        }
    }

    /// Feeds the delivery outcomes (one per recipient, in envelope order) of ``Action/deliver(_:)``.
    public mutating func deliveryFinished(_ outcomes: [DeliveryOutcome]) -> [Action] {
        guard case .awaitingDelivery(let recipients) = state else { return [] }
        state = .ready
        if configuration.isLMTP {
            return recipients.indices.map { index in
                let outcome = index < outcomes.count ? outcomes[index] : .temporaryFailure("not delivered")
                return .reply(Self.reply(for: outcome, recipient: recipients[index]))
            }
        }
        // SMTP has one answer for all recipients: any temporary failure asks for a retry (duplicates are
        // recognised by Message-ID), else success when one recipient got it, else the first rejection.
        if let temporary = outcomes.first(where: { if case .temporaryFailure = $0 { true } else { false } }) {
            return [.reply(Self.reply(for: temporary, recipient: nil))]
        }
        if outcomes.contains(.delivered) { return [.reply(SMTPReply(250, "2.0.0 Message accepted"))] }
        return [.reply(Self.reply(for: outcomes.first ?? .temporaryFailure("not delivered"), recipient: nil))]
    }

    static func reply(for outcome: DeliveryOutcome, recipient: String?) -> SMTPReply {
        let suffix = recipient.map { " for <\($0.prefix(256))>" } ?? ""
        switch outcome {
        case .delivered:
            return SMTPReply(250, "2.0.0 Message accepted\(suffix)")
        case .rejected(let code, let enhanced, let text):
            return SMTPReply(code, "\(enhanced) \(text)\(suffix)")
        case .temporaryFailure(let text):
            return SMTPReply(451, "4.3.0 \(text)\(suffix)")
        }
    }

    // MARK: - Commands

    private mutating func mail(_ argument: String) -> [Action] {
        guard state == .ready else {
            if state == .greeted {
                return fail(SMTPReply(503, "5.5.1 Say \(configuration.isLMTP ? "LHLO" : "EHLO") first"))
            }
            return fail(SMTPReply(503, "5.5.1 Nested MAIL command"))
        }
        guard let (address, parameters) = Self.path(argument, keyword: "FROM:") else {
            return fail(SMTPReply(501, "5.5.4 Syntax: MAIL FROM:<address>"))
        }
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            let key = parts[0].uppercased()
            if key == "SIZE" {
                guard parts.count == 2, let size = Int(parts[1]), size >= 0 else {
                    return fail(SMTPReply(501, "5.5.4 Bad SIZE parameter"))
                }
                if size > configuration.maxMessageBytes {
                    let limit = configuration.maxMessageBytes
                    return [.reply(SMTPReply(552, "5.3.4 Message too big; the limit is \(limit) bytes"))]
                }
            } else if key != "BODY" && key != "SMTPUTF8" && key != "RET" && key != "ENVID" && key != "AUTH" {
                return fail(SMTPReply(555, "5.5.4 Unsupported parameter \(key.prefix(32))"))
            }
        }
        state = .mail(from: address)
        return [.reply(SMTPReply(250, "2.1.0 OK"))]
    }

    private mutating func recipient(_ argument: String) -> [Action] {
        let from: String
        let to: [String]
        switch state {
        case .mail(let sender):
            from = sender
            to = []
        case .recipients(let sender, let recipients):
            from = sender
            to = recipients
        default:
            return fail(SMTPReply(503, "5.5.1 Need MAIL before RCPT"))
        }
        guard let (address, _) = Self.path(argument, keyword: "TO:"), !address.isEmpty,
            address.contains("@") || address.lowercased() == "postmaster"
        else {
            return fail(SMTPReply(501, "5.5.4 Syntax: RCPT TO:<address>"))
        }
        guard to.count < configuration.maxRecipients else {
            return [.reply(SMTPReply(452, "4.5.3 Too many recipients"))]
        }
        state = .awaitingRecipient(from: from, to: to, candidate: address)
        return [.checkRecipient(address)]
    }

    private mutating func data(_ argument: String) -> [Action] {
        guard argument.isEmpty else { return fail(SMTPReply(501, "5.5.4 DATA takes no argument")) }
        switch state {
        case .recipients(let from, let to):
            state = .data(from: from, to: to)
            body = []
            bodyTooLarge = false
            bodyLineTooLong = false
            return [.reply(SMTPReply(354, "End data with <CR><LF>.<CR><LF>"))]
        case .mail:
            return fail(SMTPReply(554, "5.5.1 No valid recipients"))
        default:
            return fail(SMTPReply(503, "5.5.1 Need RCPT before DATA"))
        }
    }

    private mutating func receiveData(_ line: SMTPLine, from: String, to: [String]) -> [Action] {
        guard case .line(let bytes) = line else {
            bodyLineTooLong = true
            return []
        }
        if bytes == [UInt8(ascii: ".")] {
            let message = body
            body = []
            if bodyTooLarge || bodyLineTooLong {
                state = .ready
                let reply = bodyTooLarge
                    ? SMTPReply(552, "5.3.4 Message too big; the limit is \(configuration.maxMessageBytes) bytes")
                    : SMTPReply(500, "5.5.6 Message has a line that is too long")
                return configuration.isLMTP ? to.map { _ in .reply(reply) } : [.reply(reply)]
            }
            state = .awaitingDelivery(recipients: to)
            return [.deliver(SMTPEnvelope(sender: from, recipients: to, message: message))]
        }
        guard !bodyTooLarge else { return [] }
        // Dot-unstuffing (RFC 5321 4.5.2): a leading dot was doubled by the client.
        let content = bytes.first == UInt8(ascii: ".") ? bytes.dropFirst() : bytes[...]
        if body.count + content.count + 2 > configuration.maxMessageBytes {
            bodyTooLarge = true
            body = []
            return []
        }
        body.append(contentsOf: content)
        body.append(contentsOf: [13, 10])
        return []
    }

    // MARK: - Helpers

    private mutating func resetTransaction() {
        body = []
        bodyTooLarge = false
        bodyLineTooLong = false
    }

    private mutating func fail(_ reply: SMTPReply) -> [Action] {
        errors += 1
        if errors >= configuration.maxErrors {
            state = .closed
            return [.reply(reply), .reply(SMTPReply(421, "4.7.0 Too many errors; closing connection")), .close]
        }
        return [.reply(reply)]
    }

    /// `"MAIL FROM:<a@b> SIZE=1"` → (`"MAIL"`, `"FROM:<a@b> SIZE=1"`); the verb upper-cased.
    static func split(_ line: String) -> (String, String) {
        let trimmed = line.trimmingSpaces()
        guard let space = trimmed.firstIndex(of: " ") else { return (trimmed.uppercased(), "") }
        let argument = String(trimmed[trimmed.index(after: space)...]).trimmingSpaces()
        return (String(trimmed[..<space]).uppercased(), argument)
    }

    /// Parses `FROM:<address> PARAM=V …` (also `FROM: <address>`, and a bare address without brackets).
    static func path(_ argument: String, keyword: String) -> (String, [String])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        var rest = String(argument.dropFirst(keyword.count)).trimmingSpaces()
        let address: String
        if rest.hasPrefix("<") {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            address = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = String(rest[rest.index(after: close)...])
        } else {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            address = String(rest[..<end])
            rest = String(rest[end...])
        }
        // Drop a source route (`@a,@b:user@host`).
        var mailbox = address
        if mailbox.hasPrefix("@"), let colon = mailbox.firstIndex(of: ":") {
            mailbox = String(mailbox[mailbox.index(after: colon)...])
        }
        guard mailbox.utf8.count <= 320, !mailbox.contains(" ") else { return nil }
        return (mailbox, rest.split(separator: " ").map(String.init))
    }
}

/// A received message with its envelope.
public struct SMTPEnvelope: Sendable, Equatable {
    /// `MAIL FROM` (empty for bounces: `<>`).
    public var sender: String
    /// Accepted `RCPT TO` addresses, in order.
    public var recipients: [String]
    /// The message bytes, dot-unstuffed, lines ending in CRLF.
    public var message: [UInt8]

    public init(sender: String, recipients: [String], message: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.message = message
    }
}

/// One SMTP reply: a code and one or more text lines.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public init(_ code: Int, _ text: String) {
        self.init(code, [text])
    }

    public init(_ code: Int, _ lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// The wire form: `250-first\r\n250 last\r\n`.
    public var wire: String {
        lines.enumerated().map { index, line in
            let clean = String(String.UnicodeScalarView(line.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
            return "\(code)\(index == lines.count - 1 ? " " : "-")\(clean)\r\n"
        }.joined()
    }

    public var description: String { wire }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
