import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

@Suite("POST /api/v1/inboxes/{id}/raw-email")
struct EmailRouteTests {
    struct Result: Decodable {
        var ticket_id: Int64
        var message_id: Int64
        var created_ticket: Bool
        var duplicate: Bool
    }

    /// The route mounted exactly as wiring.md says, behind the real authentication and error middleware.
    static func withRoute(
        _ mail: EmailWorld, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let settings = ServerSettings(dataDirectory: mail.attachments)
        let dependencies = AppDependencies(
            settings: settings, database: mail.database, hasher: PasswordHasher(cost: 10), metrics: AppMetrics.shared,
            publish: { _ in })
        let router = Router(context: AppRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: ErrorMiddleware(routes: routes))
        let api = router.group("api/v1")
            .add(middleware: AuthenticationMiddleware(dependencies: dependencies))
            .group(context: AuthenticatedContext.self)
        api.addRoutes(mail.channel.rawEmailController.endpoints, atPath: "inboxes")
        routes.record(router.routes.map { (path: $0.path.description, method: $0.method) })
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    static func post(
        _ client: any TestClientProtocol, inbox: Int64, token: String?, body: String,
        type: String = "message/rfc822"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: type]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(
            uri: "/api/v1/inboxes/\(inbox)/raw-email", method: .post, headers: headers,
            body: ByteBuffer(string: body))
    }

    @Test func deliversDeduplicatesAndAnswersWithTheTicket() async throws {
        try await EmailWorld.run { mail in
            try await Self.withRoute(mail) { client in
                let inbox = mail.emailInboxA.id
                // An agent's API token is enough (the MTA's token).
                let agent = mail.world.a.agent.token
                let first = try await Self.post(client, inbox: inbox, token: agent, body: Mails.plain())
                #expect(first.status == .created)
                let created = try JSONDecoder().decode(Result.self, from: Data(first.body.readableBytesView))
                #expect(created.created_ticket)
                #expect(!created.duplicate)
                let again = try await Self.post(client, inbox: inbox, token: agent, body: Mails.plain())
                #expect(again.status == .ok)
                let duplicate = try JSONDecoder().decode(Result.self, from: Data(again.body.readableBytesView))
                #expect(duplicate.duplicate)
                #expect(duplicate.ticket_id == created.ticket_id)
                #expect(try await mail.ticketCount() == 1)
            }
        }
    }

    @Test func refusesBadCallersTypesInboxesAndSizes() async throws {
        try await EmailWorld.run(configure: { $0.maxMessageBytes = 4096 }) { mail in
            try await Self.withRoute(mail) { client in
                let inbox = mail.emailInboxA.id
                let token = mail.world.a.admin.token
                let anonymous = try await Self.post(client, inbox: inbox, token: nil, body: Mails.plain())
                #expect(anonymous.status == .unauthorized)
                #expect(try await Self.post(client, inbox: inbox, token: token, body: Mails.plain(),
                                            type: "application/json").status == .unsupportedMediaType)
                // Another tenant's inbox is not found.
                #expect(try await Self.post(client, inbox: mail.emailInboxB.id, token: token, body: Mails.plain())
                    .status == .notFound)
                let big = Mails.plain(body: String(repeating: "y", count: 8000))
                let tooLarge = try await Self.post(client, inbox: inbox, token: token, body: big)
                #expect(tooLarge.status == .contentTooLarge)
                #expect(String(buffer: tooLarge.body).contains("too_large"))
                #expect(try await Self.post(client, inbox: inbox, token: token, body: "").status == .badRequest)
                #expect(try await mail.ticketCount() == 0)
            }
        }
    }
}
