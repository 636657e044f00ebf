import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

/// An app with only the web routes (plus the global error middleware) on a fresh SQLite database.
enum WebFixtures {
    static var logger: Logger {
        var logger = Logger(label: "switchboard.tests.web")
        logger.logLevel = .critical
        return logger
    }

    struct Environment: Sendable {
        let database: Database
        let dependencies: AppDependencies
    }

    /// Runs `body` with an in-process client of the web routes.
    static func withWeb(
        _ body: @Sendable (Environment, any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = NSTemporaryDirectory() + "sb-web-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = self.logger
        try await Database.with(.sqlite(path: directory + "/web.sqlite"), logger: logger) { database in
            _ = try await database.migrate(logger: logger)
            let dependencies = AppDependencies(
                settings: ServerSettings(dataDirectory: directory), database: database, hasher: PasswordHasher(cost: 4),
                metrics: AppMetrics.shared, publish: { _ in })
            let router = Router(context: AppRequestContext.self)
            router.add(middleware: ErrorMiddleware(routes: RouteTable()))
            WebController(dependencies: dependencies).register(on: router)
            let app = Application(router: router, logger: logger)
            let environment = Environment(database: database, dependencies: dependencies)
            try await app.test(.router) { client in try await body(environment, client) }
        }
    }

    /// One account with a signed-in owner, a requester contact and a ticket.
    struct Account: Sendable {
        let owner: User
        let password: String
        let sessionSecret: String
        let csrfToken: String
        let ticket: Ticket
        let contactID: Int64

        /// `Cookie: sb_session=…`.
        var cookie: HTTPFields { [.cookie: "sb_session=\(sessionSecret)"] }
    }

    /// Creates an account whose owner has `password`, a session, and one ticket with `subject`.
    static func seed(
        _ environment: Environment, name: String = "Acme", ownerName: String = "Ada Owner",
        subject: String = "Printer on fire", requesterName: String = "Grace Customer", html: String? = nil
    ) async throws -> Account {
        let password = "correct horse battery"
        let hash = try await environment.dependencies.hasher.hash(password)
        let email = "owner-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let requester = "cust-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        return try await environment.database.write { db in
            let account = try await AccountRepository().create(name: name, on: db)
            let owner = try await UserRepository().create(
                accountID: account.id, email: email, name: ownerName, role: .owner, passwordHash: hash, on: db)
            let session = try await SessionRepository().create(
                userID: owner.id, accountID: account.id, expiresAt: Date().addingTimeInterval(3600), on: db)
            let created = try await TicketOperations().create(NewTicket(
                accountID: account.id, subject: subject, body: "It smokes.", html: html, channel: .email,
                requester: RequesterDetails(name: requesterName, email: requester), actor: .system), on: db)
            return Account(owner: owner, password: password, sessionSecret: session.secret,
                           csrfToken: session.csrfToken, ticket: created.ticket, contactID: created.ticket.requesterID)
        }
    }

    /// The body of a response as text.
    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// A form body.
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// The value of the `name=` cookie set by `response`, if any.
    static func setCookie(_ name: String, in response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// The value of `<input name="csrf_token" value="…">` in a page.
    static func csrfField(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}
