import Foundation
import Logging
@testable import SwitchboardMail

/// (Same helper as SwitchboardServerTests/IMAPTestSupport.swift; test targets cannot share files.)
/// The Dovecot started by `scripts/dovecot-server start DIR`, found through `SWITCHBOARD_TEST_DOVECOT=DIR/info`.
/// When it is not set the test prints why it skips, unless `SWITCHBOARD_REQUIRE_PEERS=1`, when it fails.
struct DovecotPeer: Sendable {
    var host: String
    var port: Int
    var tlsPort: Int
    var user: String
    var password: String
    var caFile: String

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The running Dovecot, or nil (after printing why) when there is none and peers are not required.
    static func available() throws -> DovecotPeer? {
        let environment = ProcessInfo.processInfo.environment
        let required = environment["SWITCHBOARD_REQUIRE_PEERS"] == "1"
        func missing(_ reason: String) throws -> DovecotPeer? {
            if required { throw Missing(description: reason + " and SWITCHBOARD_REQUIRE_PEERS=1") }
            print("skipped: \(reason) (start one with scripts/dovecot-server start DIR)")
            return nil
        }
        guard let path = environment["SWITCHBOARD_TEST_DOVECOT"], !path.isEmpty else {
            return try missing("SWITCHBOARD_TEST_DOVECOT is not set")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return try missing("cannot read the Dovecot info file \(path)")
        }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let host = values["host"], let port = values["port"].flatMap(Int.init),
            let tlsPort = values["tls_port"].flatMap(Int.init), let user = values["user"],
            let password = values["password"], let caFile = values["ca_file"]
        else { return try missing("the Dovecot info file \(path) is incomplete") }
        return DovecotPeer(host: host, port: port, tlsPort: tlsPort, user: user, password: password, caFile: caFile)
    }

    /// A client configuration for this server.
    func configuration(
        _ security: IMAPClient.Configuration.Security = .tls,
        authentication: IMAPClient.Configuration.Authentication = .automatic, password: String? = nil
    ) -> IMAPClient.Configuration {
        IMAPClient.Configuration(
            host: host, port: security == .tls ? tlsPort : port, security: security, username: user,
            password: password ?? self.password, authentication: authentication, trustRootsFile: caFile,
            serverHostname: "localhost", commandTimeout: .seconds(30))
    }

    func client(
        _ security: IMAPClient.Configuration.Security = .tls,
        authentication: IMAPClient.Configuration.Authentication = .automatic
    ) -> IMAPClient {
        IMAPClient(configuration: configuration(security, authentication: authentication))
    }

    static var logger: Logger {
        var logger = Logger(label: "switchboard-imap-test")
        logger.logLevel = .critical
        return logger
    }

    /// A folder name no other test uses.
    static func uniqueFolder(_ prefix: String = "t") -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }

    /// A small test message with a unique Message-ID.
    static func message(subject: String, from: String = "ann@customer.example", body: String = "Hello there")
        -> [UInt8]
    {
        let id = "<\(UUID().uuidString.lowercased())@customer.example>"
        return Array("""
            From: Ann <\(from)>\r
            To: support@a.example.com\r
            Subject: \(subject)\r
            Message-ID: \(id)\r
            Date: Mon, 23 Nov 2026 03:00:00 +0000\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body)\r

            """.utf8)
    }
}
