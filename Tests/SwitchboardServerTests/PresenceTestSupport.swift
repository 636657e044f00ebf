import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

/// Web "instances" for the presence tests: each has its own database pool, ``AppDependencies`` and
/// ``WebController`` (so its own presence store), all on one database and one manual clock.
enum PresenceFixtures {
    static var logger: Logger { WebFixtures.logger }

    /// An agent signed in to the web UI.
    struct Agent: Sendable {
        let userID: Int64
        let name: String
        let sessionSecret: String
        let csrfToken: String

        /// Cookie, CSRF header, `Accept` and `Content-Type: application/json`, as the ticket page sends them.
        var headers: HTTPFields {
            var fields: HTTPFields = [
                .cookie: "sb_session=\(sessionSecret)", .accept: "application/json", .contentType: "application/json",
            ]
            fields[HTTPField.Name("X-CSRF-Token")!] = csrfToken
            return fields
        }
    }

    /// Account A (owner Ada, agent Ben, one ticket) and account B (owner Bob, one ticket).
    struct World: Sendable {
        let accountA: Int64
        let accountB: Int64
        let ada: Agent
        let ben: Agent
        let bob: Agent
        let ticketA: Int64
        let ticketB: Int64
    }

    /// One entry of the heartbeat answer.
    struct Seen: Decodable, Equatable, Sendable {
        var userID: Int64
        var name: String
        var typing: Bool

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case name, typing
        }
    }

    private struct Answer: Decodable {
        var viewers: [Seen]
    }

    /// The viewers of a heartbeat answer.
    static func viewers(_ text: String) throws -> [Seen] {
        try JSONDecoder().decode(Answer.self, from: Data(text.utf8)).viewers
    }

    /// A fresh migrated database of `backend`, opened `instances` times (1 or 2), with seeded accounts.
    /// Returns `nil` (after printing why) when PostgreSQL is asked for but not configured.
    static func run(
        _ backend: TestBackend, instances: Int = 1, clock: RTManualTime,
        _ body: @Sendable (World, Database, [any TestClientProtocol]) async throws -> Void
    ) async throws {
        if backend == .postgres, TestBackend.postgresURL == nil {
            if TestBackend.postgresRequired { throw TestBackend.MissingPostgres() }
            print("skipped presence test on PostgreSQL: SWITCHBOARD_TEST_POSTGRES_URL is not set")
            return
        }
        let logger = self.logger
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        do {
            let location = try DatabaseLocation(url: scratch.url)
            try await Database.with(location, logger: logger, maxConnections: 4) { first in
                _ = try await first.migrate(logger: logger)
                let world = try await seed(first, now: clock.now)
                try await withClient(first, directory: scratch.directory, clock: clock) { clientA in
                    guard instances > 1 else { return try await body(world, first, [clientA]) }
                    try await Database.with(location, logger: logger, maxConnections: 4) { second in
                        try await withClient(second, directory: scratch.directory, clock: clock) { clientB in
                            try await body(world, first, [clientA, clientB])
                        }
                    }
                }
            }
            await scratch.remove(logger: logger)
        } catch {
            await scratch.remove(logger: logger)
            throw error
        }
    }

    /// One instance: the web routes on `database`, read through an in-process client.
    static func withClient(
        _ database: Database, directory: URL, clock: RTManualTime,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let dependencies = AppDependencies(
            settings: ServerSettings(dataDirectory: directory.path), database: database,
            hasher: PasswordHasher(cost: 4), metrics: AppMetrics.shared, publish: { _ in }, now: clock.source)
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ErrorMiddleware(routes: RouteTable()))
        WebController(dependencies: dependencies).register(on: router)
        let app = Application(router: router, logger: logger)
        try await app.test(.router) { client in try await body(client) }
    }

    static func seed(_ database: Database, now: Date) async throws -> World {
        let tag = UUID().uuidString.prefix(8).lowercased()
        return try await database.write { db in
            let accounts = AccountRepository()
            let users = UserRepository()
            func agent(_ account: Int64, _ name: String, _ role: UserRole) async throws -> Agent {
                let user = try await users.create(
                    accountID: account, email: "\(name.lowercased())-\(tag)@example.com", name: name, role: role,
                    passwordHash: nil, on: db)
                let session = try await SessionRepository().create(
                    userID: user.id, accountID: account, expiresAt: now.addingTimeInterval(86_400), on: db)
                return Agent(userID: user.id, name: name, sessionSecret: session.secret, csrfToken: session.csrfToken)
            }
            func ticket(_ account: Int64) async throws -> Int64 {
                try await TicketOperations().create(NewTicket(
                    accountID: account, subject: "Printer on fire", body: "It smokes.", channel: .email,
                    requester: RequesterDetails(name: "Grace", email: "grace-\(tag)@example.org"), actor: .system),
                    on: db).ticket.id
            }
            let a = try await accounts.create(name: "A", on: db)
            let b = try await accounts.create(name: "B", on: db)
            return World(
                accountA: a.id, accountB: b.id,
                ada: try await agent(a.id, "Ada", .owner), ben: try await agent(a.id, "Ben", .agent),
                bob: try await agent(b.id, "Bob", .owner), ticketA: try await ticket(a.id),
                ticketB: try await ticket(b.id))
        }
    }

    /// Posts a heartbeat with `body`; returns the status and the response text.
    static func post(
        _ client: any TestClientProtocol, _ agent: Agent, ticketID: Int64, body: String,
        contentType: String? = "application/json"
    ) async throws -> (status: HTTPResponse.Status, text: String) {
        var headers = agent.headers
        headers[.contentType] = contentType
        return try await client.execute(
            uri: "/tickets/\(ticketID)/presence", method: .post, headers: headers, body: ByteBuffer(string: body)
        ) { response in (response.status, String(buffer: response.body)) }
    }

    /// Posts a heartbeat as the ticket page does and returns who is on the ticket (expects 200).
    static func beat(
        _ client: any TestClientProtocol, _ agent: Agent, ticketID: Int64, typing: Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [Seen] {
        let (status, text) = try await post(client, agent, ticketID: ticketID, body: #"{"typing":\#(typing)}"#)
        #expect(status == .ok, "\(text)", sourceLocation: sourceLocation)
        return try viewers(text)
    }
}
