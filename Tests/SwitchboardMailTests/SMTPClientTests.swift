import Foundation
import Testing
@testable import SwitchboardMail

/// The SMTP client against a real server: aiosmtpd (PyPI) with a self-signed certificate.
@Suite("SMTP client against aiosmtpd", .serialized)
struct SMTPClientTests {
    static func message(to: String = "ann@customer.example") -> [UInt8] {
        MailComposer.compose(OutgoingMail(
            from: MailAddress(address: "support@example.com"), to: [MailAddress(address: to)],
            subject: "Hello", messageID: "sb.1.\(UUID().uuidString)@example.com", date: Date(),
            text: ".starts with a dot\nand ends\n.", html: "<p>hi</p>"))
    }

    static func client(_ server: PythonPeer.Server, security: SMTPClient.Configuration.Security,
                       auth: (String, String)? = nil) -> SMTPClient {
        SMTPClient(configuration: .init(
            host: "127.0.0.1", port: server.port, security: security, username: auth?.0, password: auth?.1,
            trustRootsFile: server.directory.appendingPathComponent("cert.pem").path, serverHostname: "localhost",
            replyTimeout: .seconds(20)))
    }

    @Test(arguments: [("starttls", SMTPClient.Configuration.Security.startTLS),
                      ("implicit", SMTPClient.Configuration.Security.implicitTLS)])
    func sendsOverTLSWithAuthentication(_ mode: String, _ security: SMTPClient.Configuration.Security) async throws {
        guard try PythonPeer.available("aiosmtpd") else { return }
        let server = try PythonPeer.Server(
            script: "smtp-test-peer.py", arguments: ["--tls", mode, "--auth", "relay:s3cret"])
        defer { server.stop() }
        let message = Self.message()
        try await Self.client(server, security: security, auth: ("relay", "s3cret"))
            .send(from: "support@example.com", to: ["ann@customer.example"], message: message)
        let stored = try server.messages()
        #expect(stored.count == 1)
        #expect(stored.first?.envelope["rcpt_tos"] as? [String] == ["ann@customer.example"])
        #expect(stored.first?.envelope["tls"] as? Bool == true)
        #expect(stored.first?.envelope["authenticated"] as? Bool == true)
        // What arrived is exactly what was composed (dot-stuffing undone by the server).
        let received = try MailParser().parse(Array(stored.first!.message))
        let sent = try MailParser().parse(message)
        #expect(received.messageID == sent.messageID)
        #expect(received.text == sent.text)
    }

    @Test func wrongPasswordIsATemporaryFailure() async throws {
        guard try PythonPeer.available("aiosmtpd") else { return }
        let server = try PythonPeer.Server(
            script: "smtp-test-peer.py", arguments: ["--tls", "starttls", "--auth", "relay:s3cret"])
        defer { server.stop() }
        do {
            try await Self.client(server, security: .startTLS, auth: ("relay", "wrong"))
                .send(from: "support@example.com", to: ["ann@customer.example"], message: Self.message())
            Issue.record("sending with a wrong password succeeded")
        } catch let error as SMTPClientError {
            #expect(!error.isPermanent)
            #expect(error.message.contains("authentication failed"))
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func rejectedRecipientIsPermanentAndTempfailIsNot() async throws {
        guard try PythonPeer.available("aiosmtpd") else { return }
        let server = try PythonPeer.Server(script: "smtp-test-peer.py", arguments: ["--tls", "none"])
        defer { server.stop() }
        let client = Self.client(server, security: .none)
        do {
            try await client.send(from: "s@example.com", to: ["reject@customer.example"], message: Self.message())
            Issue.record("a rejected recipient was accepted")
        } catch let error as SMTPClientError {
            #expect(error.code == 550)
            #expect(error.isPermanent)
        }
        do {
            try await client.send(from: "s@example.com", to: ["tempfail@customer.example"], message: Self.message())
            Issue.record("a deferred recipient was accepted")
        } catch let error as SMTPClientError {
            #expect(error.code == 451)
            #expect(!error.isPermanent)
        }
        // STARTTLS required but not offered: temporary (the operator can fix the relay).
        do {
            try await Self.client(server, security: .startTLS)
                .send(from: "s@example.com", to: ["a@customer.example"], message: Self.message())
            Issue.record("STARTTLS was not enforced")
        } catch let error as SMTPClientError {
            #expect(!error.isPermanent)
        }
        try await client.send(from: "s@example.com", to: ["ok@customer.example"], message: Self.message())
        #expect(try server.messages().count == 1)
    }

    @Test func unreachableServerIsATemporaryFailure() async throws {
        let client = SMTPClient(configuration: .init(host: "127.0.0.1", port: 1, security: .none))
        await #expect(throws: SMTPClientError.self) {
            try await client.send(from: "a@x.example", to: ["b@y.example"], message: Self.message())
        }
    }
}
