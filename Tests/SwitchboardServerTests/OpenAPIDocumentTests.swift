import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    private var document: [String: Any] {
        get throws {
            try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json)) as? [String: Any])
        }
    }

    /// Every `$ref` string anywhere in `value`.
    private func references(in value: Any) -> [String] {
        switch value {
        case let object as [String: Any]:
            let own = (object["$ref"] as? String).map { [$0] } ?? []
            return own + object.values.flatMap(references)
        case let array as [Any]:
            return array.flatMap(references)
        default:
            return []
        }
    }

    @Test("the document is OpenAPI 3.1 with the bearer and cookie security schemes")
    func header() throws {
        let document = try document
        #expect(document["openapi"] as? String == "3.1.0")
        let components = try #require(document["components"] as? [String: Any])
        let schemes = try #require(components["securitySchemes"] as? [String: Any])
        #expect(Set(schemes.keys) == ["bearer", "cookie"])
        let cookie = try #require(schemes["cookie"] as? [String: Any])
        #expect(cookie["in"] as? String == "cookie" && cookie["name"] as? String == "sb_session")
    }

    @Test("every $ref points at a defined component")
    func referencesResolve() throws {
        let document = try document
        let components = try #require(document["components"] as? [String: Any])
        let refs = references(in: document)
        #expect(refs.count > 50)
        for ref in Set(refs) {
            let parts = ref.split(separator: "/").map(String.init)
            guard parts.count == 4, parts[0] == "#", parts[1] == "components",
                let section = components[parts[2]] as? [String: Any]
            else {
                Issue.record("malformed reference \(ref)")
                continue
            }
            #expect(section[parts[3]] != nil, "\(ref) is not defined")
        }
    }

    @Test("operation ids are unique and every path parameter is declared")
    func operationsAreWellFormed() throws {
        let paths = try #require(try document["paths"] as? [String: [String: Any]])
        var ids = Set<String>()
        for (path, item) in paths {
            for (method, value) in item {
                let operation = try #require(value as? [String: Any])
                let id = try #require(operation["operationId"] as? String)
                #expect(ids.insert(id).inserted, "duplicate operationId \(id)")
                let declared = Set(((operation["parameters"] as? [[String: Any]]) ?? [])
                    .filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                let inPath = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }
                    .map { String($0.dropFirst().dropLast()) })
                #expect(declared == inPath, "\(method) \(path)")
                let responses = try #require(operation["responses"] as? [String: Any])
                #expect(responses.keys.contains { $0.hasPrefix("2") || $0 == "101" }, "\(method) \(path)")
                #expect(responses["500"] != nil)
            }
        }
    }

    @Test("authenticated operations answer 401, admin ones 403, creates honour Idempotency-Key")
    func errorResponses() throws {
        let paths = try #require(try document["paths"] as? [String: [String: [String: Any]]])
        let tickets = try #require(paths["/api/v1/tickets"]?["post"])
        let responses = try #require(tickets["responses"] as? [String: Any])
        for status in ["201", "400", "401", "409", "413", "415", "500"] {
            #expect(responses[status] != nil, "POST /api/v1/tickets lacks \(status)")
        }
        let parameters = try #require(tickets["parameters"] as? [[String: Any]])
        #expect(parameters.contains { $0["name"] as? String == "Idempotency-Key" && $0["in"] as? String == "header" })
        let jobs = try #require(paths["/api/v1/jobs"]?["get"]?["responses"] as? [String: Any])
        #expect(jobs["403"] != nil)
        let health = try #require(paths["/health"]?["get"])
        #expect((health["security"] as? [Any])?.isEmpty == true)
        #expect(health["responses"].flatMap { ($0 as? [String: Any])?["401"] } == nil)
    }

    @Test("enums in the document are Core's enums")
    func enumsMatchCore() throws {
        let components = try #require(try document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: [String: Any]])
        let ticket = try #require(schemas["Ticket"]?["properties"] as? [String: [String: Any]])
        #expect(ticket["status"]?["enum"] as? [String] == TicketStatus.allCases.map(\.rawValue))
        #expect(ticket["priority"]?["enum"] as? [String] == TicketPriority.allCases.map(\.rawValue))
        let error = try #require(schemas["Error"]?["properties"] as? [String: [String: Any]])
        let detail = try #require(error["error"]?["properties"] as? [String: [String: Any]])
        #expect(detail["code"]?["enum"] as? [String] == SwitchboardError.Code.allCases.map(\.rawValue))
        let required = try #require(schemas["TicketCreate"]?["required"] as? [String])
        #expect(Set(required) == ["subject", "message"])
    }
}

@Suite("OpenAPI document and router agree")
struct OpenAPIRouteSyncTests {
    /// `METHOD /path/{param}` of every route the application's routers serve.
    private func routerRoutes(_ database: Database) -> Set<String> {
        let dependencies = AppDependencies(
            settings: ServerSettings(), database: database, hasher: PasswordHasher(cost: 4), metrics: AppMetrics.shared,
            publish: { _ in })
        let hub = RealtimeHub(source: nil, listener: nil, logger: RTFixtures.logger)
        let stream = StreamController(hub: hub, database: database)
        let http = buildRouter(dependencies, stream: stream).routes.map { "\($0.method.rawValue) \($0.path)" }
        let webSocket = stream.webSocketRouter().routes.map { "\($0.method.rawValue) \($0.path)" }
        return Set(http + webSocket)
    }

    @Test("every route the router has is documented, and every documented route exists")
    func routesMatch() async throws {
        try await RTFixtures.withSQLite { database in
            let all = routerRoutes(database)
            let served = all.filter { OpenAPIPaths.isAPIRoute(String($0.split(separator: " ")[1])) }
            let documented = Set(OpenAPIDocument.routes.map { "\($0.method) \($0.path)" })
            #expect(OpenAPIDocument.routes.allSatisfy { OpenAPIPaths.isAPIRoute($0.path) })
            #expect(served.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
            #expect(documented.subtracting(served).sorted() == [], "documented routes the router does not have")
            #expect(served.contains("GET /api/v1/stream"))
            #expect(served.count > 40)
        }
    }

    @Test("the application serves the document at /api/v1/openapi.json without authentication")
    func served() async throws {
        let directory = try RTFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = ServerSettings(dataDirectory: directory)
        settings.port = 0
        settings.logLevel = .critical
        let app = try await buildApplication(settings, logger: RTFixtures.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(Array(buffer: response.body) == OpenAPIDocument.json)
            }
        }
    }
}
