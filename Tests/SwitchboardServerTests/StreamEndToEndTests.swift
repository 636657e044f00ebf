import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

/// A server's settings and an owner's API token, prepared before the server starts.
struct RTServerSetup: Sendable {
    var settings: ServerSettings
    var token: String
    var email: String
    var password: String

    /// Settings on `databaseURL` (a temporary SQLite file when `nil`), with an account, owner and token.
    static func make(directory: String, databaseURL: String? = nil, accountName: String = "Acme") async throws
        -> RTServerSetup
    {
        var settings = ServerSettings(dataDirectory: directory)
        if let databaseURL { settings.databaseURL = databaseURL }
        settings.port = 0
        settings.logLevel = .critical
        settings.bcryptCost = 4
        let email = "owner-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let password = "correct horse battery"
        _ = try await AdminOperations.createAccount(
            settings: settings, name: accountName, ownerEmail: email, ownerName: "Owner", ownerPassword: password,
            logger: RTFixtures.logger)
        let token = try await AdminOperations.createToken(
            settings: settings, userEmail: email, name: "stream test", logger: RTFixtures.logger)
        return RTServerSetup(settings: settings, token: token.secret, email: email, password: password)
    }

    var bearer: HTTPFields { [.authorization: "Bearer \(token)"] }

    /// Creates a ticket through the API and returns its id.
    func createTicket(_ client: some TestClientProtocol, subject: String) async throws -> Int64 {
        let body = #"{"subject":"\#(subject)","requester":{"email":"customer@example.com","name":"Cus"},"#
            + #""message":{"body":"It does not work"}}"#
        var headers = bearer
        headers[.contentType] = "application/json"
        return try await client.execute(
            uri: "/api/v1/tickets", method: .post, headers: headers, body: ByteBuffer(string: body)
        ) { response in
            #expect(response.status == .created)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            return try #require((object["id"] as? NSNumber)?.int64Value)
        }
    }
}

@Suite("Event stream, live")
struct StreamEndToEndTests {
    static let upgradeHeaders: HTTPFields = [
        .connection: "Upgrade", .upgrade: "websocket", .secWebSocketVersion: "13",
        .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ==",
    ]

    @Test("a ticket created through the API reaches a WebSocket client as ticket.created")
    func ticketCreatedReachesSocket() async throws {
        let directory = try RTFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let setup = try await RTServerSetup.make(directory: directory)
        let app = try await buildApplication(setup.settings, logger: RTFixtures.logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let ticketID = RTBox<Int64>(0)
            let events = try await RTStreamClient.collectEvents(
                port: port, headers: setup.bearer,
                trigger: { ticketID.value = try await setup.createTicket(client, subject: "Printer on fire") },
                done: { events in events.contains { $0["type"] as? String == EventType.ticketCreated } })
            let created = try #require(events.first { $0["type"] as? String == EventType.ticketCreated })
            #expect((created["ticket_id"] as? NSNumber)?.int64Value == ticketID.value)
            #expect((created["id"] as? NSNumber)?.int64Value ?? 0 > 0)
            #expect(created["created_at"] is String)
            #expect((created["actor"] as? [String: Any])?["kind"] as? String == "user")

            // A client that reconnects with after=0 gets the missed events replayed, in id order.
            let createdID = (created["id"] as? NSNumber)?.int64Value ?? -1
            let replayed = try await RTStreamClient.collectEvents(
                port: port, query: "?after=0", headers: setup.bearer, trigger: {},
                done: { events in events.contains { ($0["id"] as? NSNumber)?.int64Value == createdID } })
            let ids = replayed.compactMap { ($0["id"] as? NSNumber)?.int64Value }
            #expect(ids.contains((created["id"] as? NSNumber)?.int64Value ?? -1))
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        }
    }

    @Test("the stream authenticates with ?access_token= and with the session cookie")
    func alternativeCredentials() async throws {
        let directory = try RTFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let setup = try await RTServerSetup.make(directory: directory)
        let app = try await buildApplication(setup.settings, logger: RTFixtures.logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let viaQuery = try await RTStreamClient.collectEvents(
                port: port, query: "?access_token=\(setup.token)", headers: [:],
                trigger: { _ = try await setup.createTicket(client, subject: "Via query") },
                done: { $0.contains { $0["type"] as? String == EventType.ticketCreated } })
            #expect(!viaQuery.isEmpty)

            let login = #"{"email":"\#(setup.email)","password":"\#(setup.password)"}"#
            let cookie = try await client.execute(
                uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: login)
            ) { response in
                #expect(response.status == .ok)
                let setCookie = try #require(response.headers[.setCookie])
                return String(setCookie.split(separator: ";")[0])
            }
            let viaCookie = try await RTStreamClient.collectEvents(
                port: port, headers: [.cookie: cookie],
                trigger: { _ = try await setup.createTicket(client, subject: "Via cookie") },
                done: { $0.contains { $0["type"] as? String == EventType.ticketCreated } })
            #expect(!viaCookie.isEmpty)
        }
    }

    @Test("declined upgrades are refused before upgrading; plain GETs get 401, 400 or 426 as JSON")
    func refusals() async throws {
        let directory = try RTFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let setup = try await RTServerSetup.make(directory: directory)
        let app = try await buildApplication(setup.settings, logger: RTFixtures.logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // Upgrade requests the stream declines (no or bad credentials, bad after): hummingbird-websocket
            // answers every declined upgrade with 400 and closes, before any WebSocket exists.
            for (path, extra) in [
                ("/api/v1/stream", ""), ("/api/v1/stream", "Authorization: Bearer sbt_not_a_real_token\r\n"),
                ("/api/v1/stream?access_token=sbt_nope", ""),
                ("/api/v1/stream?after=abc", "Authorization: Bearer \(setup.token)\r\n"),
            ] {
                let status = try await RTRawHTTP.status(port: port, path: path, upgrade: true, extraHeaders: extra)
                #expect(status == 400, "\(path) \(extra.prefix(30))")
            }
            // The same credentials upgrade fine.
            let accepted = try await RTRawHTTP.status(
                port: port, path: "/api/v1/stream", upgrade: true,
                extraHeaders: "Authorization: Bearer \(setup.token)\r\n")
            #expect(accepted == 101)

            // Without upgrade headers the HTTP router answers, with the API's JSON errors.
            try await client.execute(uri: "/api/v1/stream", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains(#""code":"unauthenticated""#))
            }
            try await client.execute(uri: "/api/v1/stream?after=abc", method: .get, headers: setup.bearer) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains(#""field":"after""#))
            }
            try await client.execute(uri: "/api/v1/stream", method: .get, headers: setup.bearer) { response in
                #expect(response.status == .upgradeRequired)
                #expect(response.headers[.upgrade] == "websocket")
            }
        }
    }
}
