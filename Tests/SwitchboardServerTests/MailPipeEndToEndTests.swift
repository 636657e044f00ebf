import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

/// The pipe end to end: the built `switchboard mail deliver` executable reads a raw mail on standard input, posts
/// it to a live server's raw-email route, and its exit status tells the MTA what to do (sysexits.h).
@Suite("switchboard mail deliver (the pipe) against a live server")
struct MailPipeEndToEndTests {
    /// The `switchboard` executable built beside this test bundle, or nil.
    static var executable: String? {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = (bundle as NSString).deletingLastPathComponent
        // The bundle may be a directory (`…xctest/…`); walk up to the build directory.
        for _ in 0..<4 {
            let candidate = (directory as NSString).appendingPathComponent("switchboard")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// ``executable``, or nil after recording an issue (when `SWITCHBOARD_REQUIRE_PEERS=1`) or saying that `suite`
    /// was skipped.
    static func executableOrSkip(_ suite: String) -> String? {
        if let executable { return executable }
        if ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_PEERS"] == "1" {
            Issue.record("the switchboard executable is not built beside the tests")
        } else {
            print("\(suite) skipped: no switchboard executable beside the test bundle")
        }
        return nil
    }

    /// Runs `switchboard mail deliver` with `input` on standard input; returns the exit status and stderr. The
    /// process is waited for on a thread of its own: it posts to a server in this process, which needs the
    /// cooperative pool's threads to answer.
    static func deliver(_ binary: String, arguments: [String], input: String) async throws -> (Int32, String) {
        try await BlockingWork.runThrowing { try deliverBlocking(binary, arguments: arguments, input: input) }
    }

    private static func deliverBlocking(
        _ binary: String, arguments: [String], input: String
    ) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["mail", "deliver"] + arguments
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let message = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: message, as: UTF8.self))
    }

    @Test func theBinaryStoresTheMailAndExitsWithTheRightStatus() async throws {
        guard let binary = Self.executableOrSkip("MailPipeEndToEndTests") else { return }
        try await EmailWorld.run(configure: { $0.maxMessageBytes = 4096 }) { mail in
            let settings = ServerSettings(dataDirectory: mail.attachments)
            let dependencies = AppDependencies(
                settings: settings, database: mail.database, hasher: PasswordHasher(cost: 10),
                metrics: AppMetrics.shared, publish: { _ in })
            let router = Router(context: AppRequestContext.self)
            router.add(middleware: ErrorMiddleware(routes: RouteTable()))
            router.group("api/v1")
                .add(middleware: AuthenticationMiddleware(dependencies: dependencies))
                .group(context: AuthenticatedContext.self)
                .addRoutes(mail.channel.rawEmailController.endpoints, atPath: "inboxes")
            try await Application(router: router).test(.live) { client in
                let url = "http://127.0.0.1:\(try #require(client.port))"
                let inbox = String(mail.emailInboxA.id)
                let token = mail.world.a.agent.token
                let arguments = ["--inbox", inbox, "--url", url, "--token", token]

                let (stored, storedError) = try await Self.deliver(binary, arguments: arguments, input: Mails.plain())
                #expect(stored == 0, "\(storedError)")
                let tickets = try await mail.database.read { db in
                    try await TicketRepository().list(TicketQuery(), accountID: mail.world.a.account.id, on: db).items
                }
                #expect(tickets.map(\.subject) == ["Printer on fire"])
                let ticket = try #require(tickets.first)
                #expect(try await mail.messages(ticket.id).first?.text.contains("It is burning.") == true)

                // Delivered twice (the MTA retried): stored once, still success.
                #expect(try await Self.deliver(binary, arguments: arguments, input: Mails.plain()).0 == 0)
                #expect(try await mail.ticketCount() == 1)

                // What the MTA must bounce, keep or fix.
                let badToken = ["--inbox", inbox, "--url", url, "--token", "sbt_not_a_token"]
                #expect(try await Self.deliver(binary, arguments: badToken, input: Mails.plain()).0 == 77)
                let big = Mails.plain(messageID: "<big@customer.example>", body: String(repeating: "y", count: 8000))
                #expect(try await Self.deliver(binary, arguments: arguments, input: big).0 == 65)
                #expect(try await Self.deliver(binary, arguments: arguments, input: "").0 == 66)
                let otherTenant = ["--inbox", String(mail.emailInboxB.id), "--url", url, "--token", token]
                #expect(try await Self.deliver(binary, arguments: otherTenant, input: Mails.plain()).0 == 65)
                #expect(try await mail.ticketCount() == 1)
            }
            // Nobody listens any more: a temporary failure, so the MTA keeps the mail.
            let closed = ["--inbox", "1", "--url", "http://127.0.0.1:9", "--token", mail.world.a.agent.token]
            let (unreachable, _) = try await Self.deliver(binary, arguments: closed, input: Mails.plain())
            #expect(unreachable == 75)
        }
    }
}
