import Foundation
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// Polls one inbox's IMAP folder into tickets through the one ingest path.
///
/// A round: SELECT the folder; when its UIDVALIDITY is not the stored one, restart the cursor (Message-ID
/// de-duplication keeps old mail from being stored twice); list messages above the stored UID; fetch them in
/// size-bounded groups (BODY.PEEK[]); hand each to the ingest; ONLY after the ingest committed, move the message to
/// the processed folder (or flag it \Seen and `$SwitchboardProcessed`), then advance the stored UID.
/// A temporary ingest failure stops the round there (the message is retried next time, after a backoff); a
/// message that can never be stored (unparseable, no sender) is flagged `$SwitchboardRejected` where the server
/// allows keywords, left in the folder, recorded and skipped. A message over the size limit is not fetched: its
/// header section is, and is stored as a stand-in whose sender gets a polite notice (``TooLargeMail``); it is then
/// marked processed like any other (moved or flagged), so the original stays on the server.
struct IMAPMailboxPoller: Sendable {
    typealias Ingest = @Sendable (Delivery, EmailDestination, Logger) async throws -> EmailIngestResult

    /// What the poller hands to the ingest.
    enum Delivery: Sendable {
        /// The whole message.
        case message([UInt8])
        /// Only the header section of a message of `size` bytes, over `limit`.
        case tooLarge(header: [UInt8], size: Int, limit: Int)
    }

    /// The ingest closure for the one ingest path.
    static func ingest(using ingest: EmailIngest) -> Ingest {
        { delivery, destination, logger in
            switch delivery {
            case .message(let raw):
                try await ingest.ingest(raw, to: destination, logger: logger)
            case .tooLarge(let header, let size, let limit):
                try await ingest.ingestTooLarge(
                    header: header, size: size, limit: limit, to: destination, logger: logger)
            }
        }
    }

    static let processedKeyword = "$SwitchboardProcessed"
    static let rejectedKeyword = "$SwitchboardRejected"
    /// Bytes fetched in one FETCH at most (a single larger message is still fetched alone).
    static let fetchBudget = 8 * 1024 * 1024

    let mailbox: IMAPMailbox
    let client: IMAPClient
    let database: Database
    let ingest: Ingest
    let settings: IMAPServiceSettings
    let logger: Logger
    let now: @Sendable () -> Date

    /// What one round did.
    struct Round: Sendable, Equatable {
        var stored = 0
        var duplicates = 0
        var rejected = 0
        var skipped = 0
        /// Over the size limit: stored as a stand-in and the sender told (also counted in `stored`).
        var tooLarge = 0
    }

    /// A temporary failure of the ingest: the message stays and the round ends.
    struct IngestDeferred: Error, CustomStringConvertible {
        var uid: UInt32
        var reason: String
        var description: String { "message UID \(uid) could not be stored yet: \(reason)" }
    }

    var accountID: Int64 { mailbox.accountID }
    var inboxID: Int64 { mailbox.inboxID }

    /// The client for a stored configuration (the password opened with `sealer`).
    static func client(
        for mailbox: IMAPMailbox, sealer: IMAPPasswordSealer, settings: IMAPServiceSettings
    ) throws -> IMAPClient {
        let password = try sealer.open(mailbox.sealedPassword, accountID: mailbox.accountID, inboxID: mailbox.inboxID)
        let config = mailbox.settings
        let timeout = settings.commandTimeout.components.seconds
        return IMAPClient(configuration: IMAPClient.Configuration(
            host: config.host, port: config.port,
            security: IMAPClient.Configuration.Security(rawValue: config.security) ?? .tls,
            username: config.username, password: password,
            authentication: IMAPClient.Configuration.Authentication(rawValue: config.authMethod) ?? .automatic,
            trustRootsFile: settings.caFile, commandTimeout: .seconds(timeout),
            limits: IMAPLimits(
                maxLiteralSize: settings.maxMessageBytes + 64 * 1024,
                maxResponseSize: max(settings.maxMessageBytes, Self.fetchBudget) * 2 + 1024 * 1024)))
    }

    // MARK: - One round

    /// Runs one round on an authenticated session.
    func poll(session: IMAPSession) async throws -> Round {
        let folder = try await session.select(mailbox.settings.folder)
        let accountID = accountID
        let inboxID = inboxID
        guard let state = try await database.read({ db in
            try await IMAPMailboxRepository().get(accountID: accountID, inboxID: inboxID, on: db)
        }) else { throw CancellationError() }  // the configuration was removed meanwhile
        let validity = Int64(folder.uidValidity)
        var lastUID = state.lastUID
        if state.uidValidity != validity {
            if let old = state.uidValidity {
                logger.warning("IMAP UIDVALIDITY changed; scanning the folder again", metadata: [
                    "switchboard.inbox_id": "\(inboxID)", "switchboard.uidvalidity_old": "\(old)",
                    "switchboard.uidvalidity": "\(validity)",
                ])
            }
            try await database.write { db in
                try await IMAPMailboxRepository().resetCursor(
                    accountID: accountID, inboxID: inboxID, uidValidity: validity, on: db)
            }
            lastUID = 0
        }
        let keywordsAllowed = folder.permanentFlags.contains("\\*")
        var round = Round()
        while (session.selected?.exists ?? 0) > 0, lastUID < Int64(UInt32.max) {
            let batch = try await session.summaries(fromUID: UInt32(lastUID + 1), limit: settings.batchSize)
            guard !batch.isEmpty else { break }
            for group in Self.groups(batch, maxMessageBytes: settings.maxMessageBytes) {
                let wanted = group.filter { Self.needsBody($0, maxMessageBytes: settings.maxMessageBytes) }.map(\.uid)
                let bodies = try await session.bodies(uids: wanted)
                for message in group {
                    try await process(
                        message, body: bodies[message.uid], session: session, validity: validity,
                        keywordsAllowed: keywordsAllowed, round: &round)
                    lastUID = Int64(message.uid)
                }
            }
            if batch.count < settings.batchSize { break }
        }
        let finished = now()
        try await database.write { db in
            try await IMAPMailboxRepository().recordPoll(accountID: accountID, inboxID: inboxID, at: finished, on: db)
        }
        return round
    }

    static func needsBody(_ message: IMAPMessageSummary, maxMessageBytes: Int) -> Bool {
        !message.flags.contains(processedKeyword) && message.size <= maxMessageBytes
    }

    /// Consecutive groups whose fetched bytes stay within ``fetchBudget`` (a larger message forms its own group).
    static func groups(_ messages: [IMAPMessageSummary], maxMessageBytes: Int) -> [[IMAPMessageSummary]] {
        var groups: [[IMAPMessageSummary]] = []
        var current: [IMAPMessageSummary] = []
        var bytes = 0
        for message in messages {
            let size = needsBody(message, maxMessageBytes: maxMessageBytes) ? message.size : 0
            if !current.isEmpty && bytes + size > fetchBudget {
                groups.append(current)
                current = []
                bytes = 0
            }
            current.append(message)
            bytes += size
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    private func process(
        _ message: IMAPMessageSummary, body: [UInt8]?, session: IMAPSession, validity: Int64,
        keywordsAllowed: Bool, round: inout Round
    ) async throws {
        if message.flags.contains(Self.processedKeyword) {
            round.skipped += 1
            try await advance(to: message.uid, validity: validity)
            return
        }
        let delivery: Delivery
        if message.size > settings.maxMessageBytes {
            let headers = try await session.headers(uids: [message.uid])
            guard let header = headers[message.uid] else {
                round.skipped += 1
                try await advance(to: message.uid, validity: validity)
                return
            }
            delivery = .tooLarge(header: header, size: message.size, limit: settings.maxMessageBytes)
        } else if let body {
            delivery = .message(body)
        } else {
            // Expunged by someone else between listing and fetching: nothing to do.
            round.skipped += 1
            try await advance(to: message.uid, validity: validity)
            return
        }
        let result: EmailIngestResult
        do {
            result = try await ingest(delivery, .inbox(accountID: accountID, inboxID: inboxID), logger)
        } catch let error as SwitchboardError where error.code == .invalidInput || error.code == .tooLarge {
            try await reject(
                message.uid, reason: error.message, session: session, validity: validity,
                keywordsAllowed: keywordsAllowed)
            round.rejected += 1
            return
        } catch let error as SwitchboardError {
            throw IngestDeferred(uid: message.uid, reason: error.message)
        } catch {
            throw IngestDeferred(uid: message.uid, reason: "\(type(of: error))")
        }
        if result.duplicate { round.duplicates += 1 } else { round.stored += 1 }
        if case .tooLarge = delivery, !result.duplicate { round.tooLarge += 1 }
        try await markProcessed(message.uid, session: session, keywordsAllowed: keywordsAllowed)
        try await advance(to: message.uid, validity: validity)
    }

    private func markProcessed(_ uid: UInt32, session: IMAPSession, keywordsAllowed: Bool) async throws {
        if let target = mailbox.settings.processedFolder {
            try await session.move(uids: [uid], to: target)
        } else {
            try await session.addFlags(["\\Seen"] + (keywordsAllowed ? [Self.processedKeyword] : []), uids: [uid])
        }
    }

    private func reject(
        _ uid: UInt32, reason: String, session: IMAPSession, validity: Int64, keywordsAllowed: Bool
    ) async throws {
        let accountID = accountID
        let inboxID = inboxID
        logger.warning("IMAP message rejected for good; left in the folder", metadata: [
            "switchboard.inbox_id": "\(inboxID)", "switchboard.imap_uid": "\(uid)", "switchboard.reason": "\(reason)",
        ])
        if keywordsAllowed {
            try await session.addFlags([Self.rejectedKeyword], uids: [uid])
        }
        let time = now()
        let text = "message UID \(uid) rejected: \(reason)"
        try await database.write { db in
            try await IMAPMailboxRepository().recordError(
                accountID: accountID, inboxID: inboxID, message: text, rejected: true, at: time, on: db)
        }
        try await advance(to: uid, validity: validity)
    }

    private func advance(to uid: UInt32, validity: Int64) async throws {
        let accountID = accountID
        let inboxID = inboxID
        try await database.write { db in
            try await IMAPMailboxRepository().advance(
                accountID: accountID, inboxID: inboxID, uidValidity: validity, to: Int64(uid), on: db)
        }
    }

    // MARK: - The loop

    /// Polls until cancelled: with IDLE when the server offers it (woken by new mail), else every poll interval
    /// on a fresh connection; reconnects with exponential backoff after failures, recording each failure.
    func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await client.withSession(logger: logger) { session in
                    while true {
                        _ = try await poll(session: session)
                        failures = 0
                        guard session.capabilities.contains("IDLE") else { return }
                        _ = try await session.idle(for: settings.idleInterval)
                    }
                }
                try await Task.sleep(for: settings.pollInterval)
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                failures += 1
                await recordFailure(error)
                let delay = settings.retryPolicy.delay(afterAttempt: failures, seed: UInt64.random(in: 0...1000))
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
    }

    private func recordFailure(_ error: any Error) async {
        let text: String
        switch error {
        case let error as IMAPClientError: text = error.message
        case let error as IngestDeferred: text = error.description
        case let error as SwitchboardError: text = error.message
        default: text = "unexpected failure (\(type(of: error)))"
        }
        logger.warning("IMAP polling failed; will retry", metadata: [
            "switchboard.inbox_id": "\(inboxID)", LogKey.error: "\(text)",
        ])
        let accountID = accountID
        let inboxID = inboxID
        let time = now()
        do {
            try await database.write { db in
                try await IMAPMailboxRepository().recordError(
                    accountID: accountID, inboxID: inboxID, message: text, at: time, on: db)
            }
        } catch {
            logger.error("cannot record the IMAP failure", metadata: ["switchboard.error": "\(type(of: error))"])
        }
    }
}
