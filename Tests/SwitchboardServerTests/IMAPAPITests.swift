import Foundation
import HTTPTypes
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

/// `GET/PUT/DELETE /api/v1/inboxes/{id}/imap` through the production app: admin only, validation in the usual
/// error shape, the password sealed and never returned.
@Suite("IMAP settings API")
struct IMAPAPITests {
    struct Wire: Decodable {
        struct Status: Decodable {
            var uid_validity: Int64?
            var last_uid: Int64
            var last_poll_at: String?
            var last_error: String?
            var rejected_count: Int64
        }

        var inbox_id: Int64
        var host: String
        var port: Int
        var security: String
        var auth_method: String
        var username: String
        var password_set: Bool
        var folder: String
        var processed_folder: String?
        var enabled: Bool
        var status: Status
    }

    struct Created: Decodable { var id: Int64 }

    /// Creates an email inbox in tenant A as its admin; returns its id.
    static func emailInbox(_ api: TestAPI, _ world: TestWorld) async throws -> Int64 {
        let response = try await api.send(
            .post, "/api/v1/inboxes", as: world.a.admin,
            json: #"{"name": "Mail", "channel": "email", "email_address": "help-\#(UUID().uuidString.prefix(8))"#
                + #"@a.example.com"}"#)
        #expect(response.status == .created, "\(response.text)")
        return try response.decode(Created.self).id
    }

    // Port 1 on loopback: the service's poller fails fast (connection refused) instead of reaching anything.
    static let valid = #"{"host": "127.0.0.1", "port": 1, "security": "starttls", "username": "support", "#
        + #""password": "s3cret-Pässword", "folder": "INBOX", "processed_folder": "Done"}"#

    @Test(arguments: TestBackend.all)
    func createReadChangeAndDelete(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let inbox = try await Self.emailInbox(api, world)
            let path = "/api/v1/inboxes/\(inbox)/imap"
            expectError(try await api.send(.get, path, as: world.a.admin), .notFound, code: "not_found")

            let created = try await api.send(.put, path, as: world.a.admin, json: Self.valid)
            #expect(created.status == .created, "\(created.text)")
            #expect(!created.text.contains("s3cret"))
            let wire = try created.decode(Wire.self)
            #expect(wire.inbox_id == inbox)
            #expect(wire.host == "127.0.0.1" && wire.port == 1 && wire.security == "starttls")
            #expect(wire.auth_method == "auto" && wire.username == "support" && wire.password_set)
            #expect(wire.folder == "INBOX" && wire.processed_folder == "Done" && wire.enabled)
            #expect(wire.status.last_uid == 0 && wire.status.uid_validity == nil && wire.status.rejected_count == 0)
            #expect(created.text.contains("\"last_error\":null"))

            // The database holds the password sealed only.
            let sealed = try await world.database.read { db in
                try await IMAPMailboxRepository().get(accountID: world.a.account.id, inboxID: inbox, on: db)
            }
            let stored = try #require(sealed).sealedPassword
            #expect(!stored.contains("s3cret"))
            #expect(stored.hasPrefix("v1:"))

            // Changing without a password keeps it; defaults fill the rest.
            let changed = try await api.send(
                .put, path, as: world.a.admin,
                json: #"{"host": "imap.example.com", "username": "support", "enabled": false}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            let after = try changed.decode(Wire.self)
            #expect(after.port == 993 && after.security == "tls" && after.folder == "INBOX")
            #expect(after.processed_folder == nil && !after.enabled)
            let kept = try await world.database.read { db in
                try await IMAPMailboxRepository().get(accountID: world.a.account.id, inboxID: inbox, on: db)
            }
            #expect(kept?.sealedPassword == stored)

            let shown = try await api.send(.get, path, as: world.a.admin)
            #expect(shown.status == .ok)
            #expect(try shown.decode(Wire.self).host == "imap.example.com")

            let deleted = try await api.send(.delete, path, as: world.a.admin)
            #expect(deleted.status == .noContent)
            expectError(try await api.send(.get, path, as: world.a.admin), .notFound, code: "not_found")
            expectError(try await api.send(.delete, path, as: world.a.admin), .notFound, code: "not_found")
        }
    }

    @Test(arguments: TestBackend.all)
    func invalidSettingsNameTheirField(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let inbox = try await Self.emailInbox(api, world)
            let path = "/api/v1/inboxes/\(inbox)/imap"
            let cases: [(String, String)] = [
                (#"{"username": "u", "password": "p"}"#, "host"),
                (#"{"host": "", "username": "u", "password": "p"}"#, "host"),
                (#"{"host": "bad host;rm", "username": "u", "password": "p"}"#, "host"),
                (#"{"host": "h", "port": 0, "username": "u", "password": "p"}"#, "port"),
                (#"{"host": "h", "port": 65536, "username": "u", "password": "p"}"#, "port"),
                (#"{"host": "h", "port": "993", "username": "u", "password": "p"}"#, "port"),
                (#"{"host": "h", "security": "ssl", "username": "u", "password": "p"}"#, "security"),
                (#"{"host": "h", "auth_method": "cram-md5", "username": "u", "password": "p"}"#, "auth_method"),
                (#"{"host": "h", "password": "p"}"#, "username"),
                (#"{"host": "h", "username": "u"}"#, "password"),
                (#"{"host": "h", "username": "u", "password": ""}"#, "password"),
                (#"{"host": "h", "username": "u", "password": "a\nb"}"#, "password"),
                (#"{"host": "h", "username": "u", "password": "p", "folder": "a*"}"#, "folder"),
                (#"{"host": "h", "username": "u", "password": "p", "folder": "a\u0001"}"#, "folder"),
                (#"{"host": "h", "username": "u", "password": "p", "processed_folder": "INBOX"}"#, "processed_folder"),
            ]
            for (body, field) in cases {
                let response = try await api.send(.put, path, as: world.a.admin, json: body)
                expectError(response, .badRequest, code: "invalid_input", field: field)
            }
            expectError(
                try await api.send(.put, path, as: world.a.admin, json: "{not json"), .badRequest,
                code: "invalid_input")
            // Nothing was stored by the failed attempts.
            expectError(try await api.send(.get, path, as: world.a.admin), .notFound, code: "not_found")
        }
    }

    @Test(arguments: TestBackend.all)
    func onlyAdminsOfTheAccountAndOnlyEmailInboxes(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let inbox = try await Self.emailInbox(api, world)
            let path = "/api/v1/inboxes/\(inbox)/imap"
            for caller in [world.a.agent, world.a.light] {
                expectError(try await api.send(.get, path, as: caller), .forbidden, code: "forbidden")
                expectError(
                    try await api.send(.put, path, as: caller, json: Self.valid), .forbidden, code: "forbidden")
                expectError(try await api.send(.delete, path, as: caller), .forbidden, code: "forbidden")
            }
            expectError(try await api.send(.get, path), .unauthorized, code: "unauthenticated")
            // Another account's admin does not see the inbox.
            expectError(
                try await api.send(.put, path, as: world.b.admin, json: Self.valid), .notFound, code: "not_found")
            expectError(try await api.send(.get, path, as: world.b.admin), .notFound, code: "not_found")
            // The web-form inbox cannot poll IMAP.
            let webForm = "/api/v1/inboxes/\(world.a.inbox.id)/imap"
            expectError(
                try await api.send(.put, webForm, as: world.a.admin, json: Self.valid), .badRequest,
                code: "invalid_input", field: "inbox")
            expectError(
                try await api.send(.put, "/api/v1/inboxes/abc/imap", as: world.a.admin, json: Self.valid),
                .badRequest, code: "invalid_input", field: "id")
        }
    }
}
