import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The selected mailbox after SELECT.
public struct IMAPSelectedMailbox: Sendable, Equatable {
    public var name: String
    public var uidValidity: UInt32
    public var uidNext: UInt32?
    public var exists: UInt32
    /// Flags we may set permanently; contains `\*` when new keywords are allowed.
    public var permanentFlags: [String]
    public var readOnly: Bool
}

/// One message as listed before fetching it.
public struct IMAPMessageSummary: Sendable, Equatable {
    public var uid: UInt32
    public var size: Int
    public var flags: [String]
}

/// Why ``IMAPSession/idle(for:)`` returned.
public enum IMAPIdleOutcome: Sendable, Equatable {
    /// The server reported new messages (EXISTS).
    case newMessages
    /// The wait ended without news.
    case timedOut
}

/// The outcome of one command: the untagged responses it produced and its completion.
public struct IMAPCommandResult: Sendable, Equatable {
    public var untagged: [IMAPUntagged]
    public var status: IMAPStatus
}

/// An authenticated conversation with the server, valid inside ``IMAPClient/withSession(logger:_:)``.
/// Commands run one at a time; every NO or BAD becomes ``IMAPClientError`` (`commandFailed`).
public final class IMAPSession {
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<IMAPFrame>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let configuration: IMAPClient.Configuration
    let parser: IMAPResponseParser
    let logger: Logger
    private var tagCounter = 0

    /// The server's capabilities, upper-cased (`IMAP4REV1`, `IDLE`, `MOVE`, `UIDPLUS`, `AUTH=PLAIN`).
    public private(set) var capabilities: Set<String> = []
    /// The mailbox of the last successful SELECT, with its message count kept current.
    public private(set) var selected: IMAPSelectedMailbox?
    private(set) var isAuthenticated = false

    init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<IMAPFrame>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, configuration: IMAPClient.Configuration, logger: Logger
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.configuration = configuration
        self.parser = IMAPResponseParser(limits: configuration.limits)
        self.logger = logger
    }

    // MARK: - Wire

    func readResponse() async throws -> IMAPResponse {
        guard let frame = try await inbound.next() else {
            try Task.checkCancellation()
            throw IMAPClientError(.connection, "the server closed the connection")
        }
        let response = try parser.parse(frame.bytes)
        if case .untagged(let untagged) = response { track(untagged) }
        return response
    }

    func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    private func nextTag() -> String {
        tagCounter += 1
        return "S\(tagCounter)"
    }

    private func track(_ response: IMAPUntagged) {
        switch response {
        case .capability(let list): capabilities = Set(list)
        case .exists(let count): selected?.exists = count
        case .expunge: if let count = selected?.exists, count > 0 { selected?.exists = count - 1 }
        case .status(let status) where status.code == "CAPABILITY":
            capabilities = Set(status.codeArguments.compactMap(\.text).map { $0.uppercased() })
        default: break
        }
    }

    /// Sends `command` (waiting for `+` before each literal) and reads up to its completion. `continuation`
    /// answers further `+` requests (AUTHENTICATE). NO/BAD throw ``IMAPClientError`` `commandFailed`.
    @discardableResult
    public func execute(
        _ command: IMAPCommand, continuation: ((String) -> [UInt8])? = nil
    ) async throws -> IMAPCommandResult {
        let tag = nextTag()
        var untagged: [IMAPUntagged] = []
        for chunk in try command.chunks(tag: tag) {
            try await write(chunk.text)
            guard let literal = chunk.literal else { continue }
            waiting: while true {
                switch try await readResponse() {
                case .continuation: break waiting
                case .untagged(let response): untagged.append(response)
                case .tagged(let received, let status):
                    guard received == tag else { throw Cursor.violation("a completion for an unknown tag") }
                    throw Self.failure(status)
                }
            }
            try await write(literal)
        }
        while true {
            switch try await readResponse() {
            case .continuation(let text):
                guard let continuation else { throw Cursor.violation("an unexpected continuation request") }
                try await write(continuation(text) + [13, 10])
            case .untagged(let response):
                guard untagged.count < configuration.limits.maxUntaggedResponses else {
                    throw IMAPClientError(.limitExceeded, "the server sent too many responses to one command")
                }
                untagged.append(response)
            case .tagged(let received, let status):
                guard received == tag else { throw Cursor.violation("a completion for an unknown tag") }
                guard status.kind == .ok else { throw Self.failure(status) }
                return IMAPCommandResult(untagged: untagged, status: status)
            }
        }
    }

    static func failure(_ status: IMAPStatus) -> IMAPClientError {
        let text = String(status.text.prefix(300))
        if status.code == "AUTHENTICATIONFAILED" || status.code == "AUTHORIZATIONFAILED" {
            return IMAPClientError(.authentication, "the server refused the login: \(text)", responseCode: status.code)
        }
        return IMAPClientError(
            .commandFailed, "the server answered \(status.kind.rawValue): \(text)", responseCode: status.code)
    }

    // MARK: - Connection state

    func greeting() async throws {
        guard case .untagged(.status(let status)) = try await readResponse() else {
            throw Cursor.violation("no greeting")
        }
        switch status.kind {
        case .ok: break
        case .preauth: isAuthenticated = true
        default: throw IMAPClientError(.connection, "the server refused the connection: \(status.text.prefix(200))")
        }
        if capabilities.isEmpty { try await capability() }
    }

    /// Asks for the capabilities again (they change after STARTTLS and login).
    public func capability() async throws {
        try await execute(IMAPCommand("CAPABILITY"))
    }

    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        guard capabilities.contains("STARTTLS") else {
            throw IMAPClientError(.unsupported, "the server does not offer STARTTLS")
        }
        try await execute(IMAPCommand("STARTTLS"))
        let channel = self.channel
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        capabilities = []  // RFC 3501 §6.2.1: forget what was said before TLS
        try await capability()
    }

    func authenticate(
        username: String, password: String, method: IMAPClient.Configuration.Authentication
    ) async throws {
        let offersPlain = capabilities.contains("AUTH=PLAIN")
        let usePlain = method == .plain || (method == .automatic && offersPlain)
        do {
            if usePlain {
                var answered = false
                let token = Array(MIMEEncoding.base64(Array("\0\(username)\0\(password)".utf8)).utf8)
                let result = try await execute(IMAPCommand("AUTHENTICATE PLAIN")) { _ in
                    defer { answered = true }
                    return answered ? Array("*".utf8) : token
                }
                capabilitiesAfterLogin(result.status)
            } else {
                guard !capabilities.contains("LOGINDISABLED") else {
                    throw IMAPClientError(.unsupported, "the server disabled LOGIN on this connection")
                }
                let result = try await execute(
                    IMAPCommand([.raw("LOGIN"), .string(Array(username.utf8)), .string(Array(password.utf8))]))
                capabilitiesAfterLogin(result.status)
            }
        } catch let error as IMAPClientError where error.code == .commandFailed {
            throw IMAPClientError(.authentication, "the server refused the login", responseCode: error.responseCode)
        }
        isAuthenticated = true
        if capabilities.isEmpty || !capabilities.contains("IMAP4REV1") { try await capability() }
    }

    private func capabilitiesAfterLogin(_ status: IMAPStatus) {
        if status.code == "CAPABILITY" {
            capabilities = Set(status.codeArguments.compactMap(\.text).map { $0.uppercased() })
        } else {
            capabilities = []
        }
    }

    func logout() async {
        _ = try? await execute(IMAPCommand("LOGOUT"))
    }

    // MARK: - Mailboxes

    /// SELECT (read-write). Throws `commandFailed` when the mailbox does not exist.
    @discardableResult
    public func select(_ mailbox: String) async throws -> IMAPSelectedMailbox {
        selected = nil
        let result = try await execute(IMAPCommand([.raw("SELECT"), .string(IMAPMailboxName.encode(mailbox))]))
        var box = IMAPSelectedMailbox(
            name: mailbox, uidValidity: 0, uidNext: nil, exists: 0, permanentFlags: [],
            readOnly: result.status.code == "READ-ONLY")
        var sawValidity = false
        for response in result.untagged {
            switch response {
            case .exists(let count): box.exists = count
            case .status(let status) where status.kind == .ok:
                switch status.code {
                case "UIDVALIDITY":
                    if let value = status.codeArguments.first?.number, let small = UInt32(exactly: value) {
                        box.uidValidity = small
                        sawValidity = true
                    }
                case "UIDNEXT":
                    box.uidNext = status.codeArguments.first?.number.flatMap { UInt32(exactly: $0) }
                case "PERMANENTFLAGS":
                    if case .list(let flags)? = status.codeArguments.first {
                        box.permanentFlags = flags.compactMap(\.text)
                    }
                default: break
                }
            default: break
            }
        }
        guard sawValidity else { throw Cursor.violation("SELECT without UIDVALIDITY") }
        selected = box
        return box
    }

    /// CREATE; an existing mailbox is not an error.
    public func create(_ mailbox: String) async throws {
        do {
            try await execute(IMAPCommand([.raw("CREATE"), .string(IMAPMailboxName.encode(mailbox))]))
        } catch let error as IMAPClientError
            where error.code == .commandFailed && error.responseCode == "ALREADYEXISTS"
        {
            return
        }
    }

    /// APPEND `message` to `mailbox` with `flags`; returns the new UID when the server reports it (UIDPLUS).
    @discardableResult
    public func append(_ message: [UInt8], to mailbox: String, flags: [String] = []) async throws -> UInt32? {
        let flagList = try "(" + flags.map(Self.validFlag).joined(separator: " ") + ")"
        let result = try await execute(IMAPCommand([
            .raw("APPEND"), .string(IMAPMailboxName.encode(mailbox)), .raw(flagList), .string(message),
        ]).forcingLiteralLast())
        if result.status.code == "APPENDUID", result.status.codeArguments.count >= 2,
            let uid = result.status.codeArguments[1].number
        {
            return UInt32(exactly: uid)
        }
        return nil
    }

    // MARK: - Messages

    /// UIDs listed per FETCH when the mailbox's UIDNEXT is known, so a huge folder is listed in bounded steps.
    var summaryWindow: UInt32 = 5000

    /// UID, size and flags of (at most `limit`) messages with UID ≥ `uid` in the selected mailbox, ascending by
    /// UID. Below the UIDNEXT reported by SELECT it lists in windows of ``summaryWindow`` UIDs, so a huge folder is
    /// listed in bounded steps; the last window is open-ended (`n:*`) so mail that arrived since is included.
    public func summaries(fromUID uid: UInt32, limit: Int = .max) async throws -> [IMAPMessageSummary] {
        var found: [IMAPMessageSummary] = []
        var start = max(uid, 1)
        while found.count < limit {
            guard let next = selected?.uidNext, next > start, next - start > summaryWindow else {
                found += try await summaries(range: "\(start):*", from: start)
                break
            }
            let end = start + summaryWindow - 1
            found += try await summaries(range: "\(start):\(end)", from: start)
            start = end + 1
        }
        return limit < found.count ? Array(found.prefix(limit)) : found
    }

    private func summaries(range: String, from first: UInt32) async throws -> [IMAPMessageSummary] {
        let result = try await execute(IMAPCommand("UID FETCH \(range) (UID RFC822.SIZE FLAGS)"))
        var found: [UInt32: IMAPMessageSummary] = [:]
        for case .fetch(let fetch) in result.untagged {
            // "n:*" always includes the highest UID even when it is below n (RFC 3501 §6.4.8): filter.
            guard let messageUID = fetch.uid, messageUID >= first else { continue }
            found[messageUID] = IMAPMessageSummary(uid: messageUID, size: fetch.size ?? 0, flags: fetch.flags ?? [])
        }
        return found.values.sorted { $0.uid < $1.uid }
    }

    /// The raw bytes of the messages with these UIDs (BODY.PEEK[]: the \Seen flag is left alone). A UID that no
    /// longer exists is absent from the result.
    public func bodies(uids: [UInt32]) async throws -> [UInt32: [UInt8]] {
        try await fetch(section: "BODY.PEEK[]", of: uids, \.body)
    }

    /// The header sections of the messages with these UIDs (BODY.PEEK[HEADER]: \Seen is left alone), for mail
    /// too large to fetch whole. A UID that no longer exists is absent from the result.
    public func headers(uids: [UInt32]) async throws -> [UInt32: [UInt8]] {
        try await fetch(section: "BODY.PEEK[HEADER]", of: uids, \.header)
    }

    /// `UID FETCH` of one section of these messages, keyed by UID (a UID gone meanwhile is absent).
    private func fetch(
        section: String, of uids: [UInt32], _ value: KeyPath<IMAPFetch, [UInt8]?>
    ) async throws -> [UInt32: [UInt8]] {
        guard !uids.isEmpty else { return [:] }
        let result = try await execute(IMAPCommand("UID FETCH \(IMAPCommand.sequenceSet(uids)) (UID \(section))"))
        var found: [UInt32: [UInt8]] = [:]
        for case .fetch(let fetch) in result.untagged {
            if let uid = fetch.uid, let bytes = fetch[keyPath: value] { found[uid] = bytes }
        }
        return found
    }

    /// Adds `flags` to the messages (UID STORE +FLAGS.SILENT).
    public func addFlags(_ flags: [String], uids: [UInt32]) async throws {
        guard !uids.isEmpty, !flags.isEmpty else { return }
        let list = try flags.map(Self.validFlag).joined(separator: " ")
        try await execute(IMAPCommand("UID STORE \(IMAPCommand.sequenceSet(uids)) +FLAGS.SILENT (\(list))"))
    }

    /// Moves messages to `mailbox`: UID MOVE (RFC 6851) when offered, else UID COPY + \Deleted + UID EXPUNGE
    /// (RFC 4315) or, without UIDPLUS, EXPUNGE. Creates the mailbox when the server says TRYCREATE.
    public func move(uids: [UInt32], to mailbox: String) async throws {
        guard !uids.isEmpty else { return }
        do {
            try await moveOnce(uids: uids, to: mailbox)
        } catch let error as IMAPClientError where error.responseCode == "TRYCREATE" {
            try await create(mailbox)
            try await moveOnce(uids: uids, to: mailbox)
        }
    }

    private func moveOnce(uids: [UInt32], to mailbox: String) async throws {
        let set = IMAPCommand.sequenceSet(uids)
        let target = IMAPCommand.Part.string(IMAPMailboxName.encode(mailbox))
        if capabilities.contains("MOVE") {
            try await execute(IMAPCommand([.raw("UID MOVE \(set)"), target]))
            return
        }
        try await execute(IMAPCommand([.raw("UID COPY \(set)"), target]))
        try await addFlags(["\\Deleted"], uids: uids)
        if capabilities.contains("UIDPLUS") {
            try await execute(IMAPCommand("UID EXPUNGE \(set)"))
        } else {
            try await execute(IMAPCommand("EXPUNGE"))
        }
    }

    /// NOOP: lets the server report changes (EXISTS) and keeps the connection alive.
    public func noop() async throws {
        try await execute(IMAPCommand("NOOP"))
    }

    /// IDLE (RFC 2177) until the server reports new messages or `duration` passes, then DONE.
    public func idle(for duration: Duration) async throws -> IMAPIdleOutcome {
        guard capabilities.contains("IDLE") else { throw IMAPClientError(.unsupported, "the server has no IDLE") }
        let tag = nextTag()
        try await write(Array("\(tag) IDLE\r\n".utf8))
        accepting: while true {
            switch try await readResponse() {
            case .continuation: break accepting
            case .untagged: continue
            case .tagged(let received, let status):
                guard received == tag else { throw Cursor.violation("a completion for an unknown tag") }
                throw Self.failure(status)
            }
        }
        let channel = self.channel
        let done = Mutex(false)
        let sendDone: @Sendable () -> Void = {
            let first = done.withLock { sent in
                defer { sent = true }
                return !sent
            }
            if first { channel.writeAndFlush(ByteBuffer(string: "DONE\r\n"), promise: nil) }
        }
        let wait = TimeAmount.nanoseconds(Int64(duration.components.seconds) * 1_000_000_000
            + duration.components.attoseconds / 1_000_000_000)
        let longer = wait + configuration.commandTimeout
        try await channel.triggerUserOutboundEvent(IMAPReadTimeout(amount: longer)).get()
        let timer = channel.eventLoop.scheduleTask(in: wait) { sendDone() }
        defer { timer.cancel() }
        var outcome = IMAPIdleOutcome.timedOut
        while true {
            switch try await readResponse() {
            case .untagged(.exists):
                outcome = .newMessages
                sendDone()
            case .untagged, .continuation:
                continue
            case .tagged(let received, let status):
                guard received == tag else { throw Cursor.violation("a completion for an unknown tag") }
                guard status.kind == .ok else { throw Self.failure(status) }
                timer.cancel()
                try await channel.triggerUserOutboundEvent(
                    IMAPReadTimeout(amount: configuration.commandTimeout)).get()
                return outcome
            }
        }
    }

    /// A flag or keyword that is safe to put in a command (`\Seen`, `$Label`).
    static func validFlag(_ flag: String) throws -> String {
        let body = flag.hasPrefix("\\") ? flag.dropFirst() : Substring(flag)
        guard !body.isEmpty, body.utf8.count <= 64, body.utf8.allSatisfy({ Cursor.isAtomByte($0)
            && $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\\") })
        else { throw IMAPClientError(.configuration, "\(flag.prefix(64)) is not a valid IMAP flag") }
        return flag
    }
}

extension IMAPCommand {
    /// The same command with its last string part always sent as a literal (APPEND's message).
    func forcingLiteralLast() -> IMAPCommand {
        var copy = self
        copy.forceLiteralLast = true
        return copy
    }
}
