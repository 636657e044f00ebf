import ArgumentParser
import Foundation
import SwitchboardServer

/// `switchboard mail deliver --inbox ID --url URL [--token TOKEN]`: reads one raw message from standard input
/// and posts it to `POST /api/v1/inboxes/{id}/raw-email`, for `/etc/aliases` pipes, procmail and MTA pipe
/// transports. The token may also come from `SWITCHBOARD_TOKEN`.
///
/// Exit status follows sysexits.h so the MTA does the right thing: 0 stored (or already stored); 75
/// (EX_TEMPFAIL: the MTA keeps the mail and retries) on network errors, timeouts, 429 and 5xx; 77 (EX_NOPERM)
/// on 401/403; 65 (EX_DATAERR: the MTA bounces it) on other 4xx such as 413 (too large); 64 (EX_USAGE) for bad
/// arguments; 66 (EX_NOINPUT) for empty input.
struct MailDeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Deliver one raw email from standard input to a Switchboard inbox (for MTA pipes)."
    )

    @Option(name: .long, help: "The inbox id.")
    var inbox: Int64

    @Option(name: .long, help: "The server's base URL, e.g. http://127.0.0.1:8080.")
    var url: String

    @Option(name: .long, help: "An API token (sbt_…); defaults to $SWITCHBOARD_TOKEN.")
    var token: String?

    @Option(name: .long, help: "Seconds to wait for the server before giving up (temporary failure).")
    var timeout: Double = 120

    static let tempFail: Int32 = 75
    static let dataError: Int32 = 65
    static let noPermission: Int32 = 77
    static let usage: Int32 = 64
    static let noInput: Int32 = 66

    func run() async throws {
        guard let secret = token ?? ProcessInfo.processInfo.environment["SWITCHBOARD_TOKEN"], !secret.isEmpty else {
            printToStandardError("error: no API token (use --token or SWITCHBOARD_TOKEN)")
            throw ExitCode(Self.usage)
        }
        guard inbox > 0, let base = URL(string: url), let scheme = base.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            printToStandardError("error: --url must be an http(s) URL and --inbox a positive id")
            throw ExitCode(Self.usage)
        }
        let message = FileHandle.standardInput.readDataToEndOfFile()
        guard !message.isEmpty else {
            printToStandardError("error: no message on standard input")
            throw ExitCode(Self.noInput)
        }
        let endpoint = base.appendingPathComponent("api/v1/inboxes/\(inbox)/raw-email")
        let (status, body) = await RawEmailSubmission.post(
            Array(message), to: endpoint.absoluteString, token: secret, timeoutSeconds: timeout)
        let code = Self.exitCode(forStatus: status)
        if code != 0 {
            let reason = status.map { "the server answered \($0)" } ?? "the server could not be reached"
            printToStandardError("error: \(reason): \(String(decoding: body.prefix(500), as: UTF8.self))")
            throw ExitCode(code)
        }
    }

    /// The exit status for an HTTP status (`nil`: no answer).
    static func exitCode(forStatus status: Int?) -> Int32 {
        guard let status else { return tempFail }
        switch status {
        case 200..<300: return 0
        case 401, 403: return noPermission
        case 408, 429: return tempFail
        case 400..<500: return dataError
        default: return tempFail
        }
    }
}
