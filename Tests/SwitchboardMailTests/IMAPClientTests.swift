import Foundation
import Testing
@testable import SwitchboardMail

/// The IMAP client against a real Dovecot (`scripts/dovecot-server`, `SWITCHBOARD_TEST_DOVECOT`). Every test works
/// in a folder of its own.
@Suite("IMAP client against Dovecot")
struct IMAPClientTests {
    let logger = DovecotPeer.logger

    @Test(arguments: [
        (IMAPClient.Configuration.Security.tls, IMAPClient.Configuration.Authentication.plain),
        (.tls, .login),
        (.startTLS, .login),
        (.startTLS, .plain),
        (.none, .automatic),
    ])
    func logsInEveryWay(
        _ security: IMAPClient.Configuration.Security, _ authentication: IMAPClient.Configuration.Authentication
    ) async throws {
        guard let peer = try DovecotPeer.available() else { return }
        let capabilities = try await peer.client(security, authentication: authentication).withSession(
            logger: logger
        ) { session in
            let inbox = try await session.select("INBOX")
            #expect(inbox.uidValidity > 0)
            return session.capabilities
        }
        #expect(capabilities.contains("IMAP4REV1"))
        #expect(!capabilities.contains("STARTTLS"))  // after STARTTLS (or on implicit TLS) it is no longer offered
    }

    @Test func wrongPasswordIsAnAuthenticationError() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        for method in [IMAPClient.Configuration.Authentication.login, .plain] {
            let client = IMAPClient(configuration: peer.configuration(.tls, authentication: method, password: "wrong"))
            do {
                try await client.withSession(logger: logger) { _ in }
                Issue.record("a wrong password was accepted (\(method))")
            } catch let error as IMAPClientError {
                #expect(error.code == .authentication)
                #expect(!error.message.contains("wrong"))
            }
        }
    }

    @Test func untrustedCertificateFails() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        var configuration = peer.configuration(.tls)
        configuration.trustRootsFile = nil
        do {
            try await IMAPClient(configuration: configuration).withSession(logger: logger) { _ in }
            Issue.record("a self-signed certificate was trusted")
        } catch let error as IMAPClientError {
            #expect(error.code == .tls || error.code == .connection)
        }
    }

    @Test func appendSelectListAndFetchWithLiterals() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        let folder = DovecotPeer.uniqueFolder()
        // 8-bit content, a line that looks like a literal and a lone "." line must come back byte for byte.
        let first = DovecotPeer.message(subject: "First", body: "Grüße {12}\r\n.\r\n)(\"")
        let second = DovecotPeer.message(subject: "Second")
        try await peer.client().withSession(logger: logger) { session in
            try await session.create(folder)
            let uid1 = try await session.append(first, to: folder)
            let uid2 = try await session.append(second, to: folder, flags: ["\\Flagged"])
            let box = try await session.select(folder)
            #expect(box.exists == 2)
            #expect(box.permanentFlags.contains("\\*"))
            let listed = try await session.summaries(fromUID: 1)
            #expect(listed.map(\.uid) == [uid1, uid2].compactMap { $0 })
            #expect(listed.map(\.size) == [first.count, second.count])
            #expect(listed[1].flags.contains("\\Flagged"))
            let bodies = try await session.bodies(uids: listed.map(\.uid))
            #expect(bodies[listed[0].uid] == first)
            #expect(bodies[listed[1].uid] == second)
            // Above the highest UID, "n:*" still names the last message; summaries must filter it out.
            #expect(try await session.summaries(fromUID: listed[1].uid + 1).isEmpty)
            // BODY.PEEK leaves \Seen alone.
            #expect(!(try await session.summaries(fromUID: 1)).contains { $0.flags.contains("\\Seen") })
        }
    }

    @Test func largeFoldersAreListedInWindows() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        let folder = DovecotPeer.uniqueFolder()
        try await peer.client().withSession(logger: logger) { session in
            try await session.create(folder)
            for index in 0..<7 { try await session.append(DovecotPeer.message(subject: "w\(index)"), to: folder) }
            try await session.select(folder)
            session.summaryWindow = 2
            let all = try await session.summaries(fromUID: 1)
            #expect(all.count == 7)
            #expect(all.map(\.uid) == all.map(\.uid).sorted())
            let firstThree = try await session.summaries(fromUID: 1, limit: 3)
            #expect(firstThree == Array(all.prefix(3)))
            let rest = try await session.summaries(fromUID: all[4].uid, limit: 10)
            #expect(rest == Array(all.suffix(3)))
            // Mail appended after SELECT is still found (the last window is open-ended).
            try await session.append(DovecotPeer.message(subject: "late"), to: folder)
            #expect(try await session.summaries(fromUID: 1).count == 8)
        }
    }

    @Test func flagsAndMoveCreateTheTargetFolder() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        let folder = DovecotPeer.uniqueFolder()
        let target = DovecotPeer.uniqueFolder("done") + "/Erledigt-Grüße"
        try await peer.client().withSession(logger: logger) { session in
            try await session.create(folder)
            for index in 0..<3 { try await session.append(DovecotPeer.message(subject: "m\(index)"), to: folder) }
            try await session.select(folder)
            let listed = try await session.summaries(fromUID: 1)
            try await session.addFlags(["\\Seen", "$SwitchboardProcessed"], uids: [listed[0].uid])
            let flagged = try await session.summaries(fromUID: 1)
            #expect(flagged[0].flags.contains("\\Seen"))
            #expect(flagged[0].flags.contains("$SwitchboardProcessed"))
            try await session.move(uids: [listed[1].uid, listed[2].uid], to: target)
            #expect(try await session.summaries(fromUID: 1).map(\.uid) == [listed[0].uid])
            let moved = try await session.select(target)
            #expect(moved.exists == 2)
        }
    }

    @Test func idleWakesOnNewMail() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        let folder = DovecotPeer.uniqueFolder()
        let client = peer.client()
        let logger = logger
        try await client.withSession(logger: logger) { session in
            try await session.create(folder)
            try await session.select(folder)
            #expect(session.capabilities.contains("IDLE"))
            let writer = Task {
                try await Task.sleep(for: .milliseconds(300))
                try await client.withSession(logger: logger) { other in
                    _ = try await other.append(DovecotPeer.message(subject: "wake up"), to: folder)
                }
            }
            let outcome = try await session.idle(for: .seconds(60))
            try await writer.value
            #expect(outcome == .newMessages)
            #expect(session.selected?.exists == 1)
            // The session is usable after DONE.
            #expect(try await session.summaries(fromUID: 1).count == 1)
        }
    }

    @Test func idleEndsWhenItsTimeIsUp() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        try await peer.client().withSession(logger: logger) { session in
            let folder = DovecotPeer.uniqueFolder()
            try await session.create(folder)
            try await session.select(folder)
            #expect(try await session.idle(for: .milliseconds(200)) == .timedOut)
            try await session.noop()
        }
    }

    @Test func selectingAMissingFolderIsACommandFailure() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        do {
            _ = try await peer.client().withSession(logger: logger) { session in
                try await session.select(DovecotPeer.uniqueFolder("missing"))
            }
            Issue.record("selecting a missing folder succeeded")
        } catch let error as IMAPClientError {
            #expect(error.code == .commandFailed)
        }
    }

    @Test func cancellingASessionClosesItPromptly() async throws {
        guard let peer = try DovecotPeer.available() else { return }
        let client = peer.client()
        let logger = logger
        let task = Task {
            try await client.withSession(logger: logger) { session in
                try await session.select("INBOX")
                _ = try await session.idle(for: .seconds(600))
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        do {
            try await task.value
            Issue.record("a cancelled IDLE returned normally")
        } catch {
            #expect(error is CancellationError || (error as? IMAPClientError)?.code == .connection)
        }
    }
}
