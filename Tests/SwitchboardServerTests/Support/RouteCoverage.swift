import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardStorage
@testable import SwitchboardServer

/// The routes the production router registers, to prove tests cover every one of them.
enum RouteCoverage {
    struct Route: Hashable, Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var description: String { "\(method.rawValue) \(path)" }
    }

    /// Routes reachable without credentials.
    static let publicPaths: Set<String> = [
        "/health", "/ready", "/metrics", "/forms/{inbox_id}", "/api/v1/auth/login", "/api/v1/auth/logout",
        "/api/v1/openapi.json",
    ]

    /// Builds the production router (on a throwaway SQLite file) and lists its API and operations routes.
    /// The agent workspace's HTML pages are left out: they answer with redirects and HTML error pages, and
    /// their sign-in, CSRF and account-isolation checks live in the Web* suites.
    static func all() async throws -> [Route] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sb-routes-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        return try await Database.with(.sqlite(path: path), logger: Logger(label: "routes"), maxConnections: 2) { database in
            let dependencies = AppDependencies(
                settings: ServerSettings(), database: database, hasher: PasswordHasher(cost: 10),
                metrics: AppMetrics.shared, publish: { _ in })
            let stream = StreamController(
                hub: RealtimeHub.make(database: database, logger: Logger(label: "routes")), database: database)
            return buildRouter(dependencies, stream: stream).routes
                .map { Route(method: $0.method, path: $0.path.description) }
                .filter { $0.path.hasPrefix("/api/") || publicPaths.contains($0.path) }
        }
    }

    static func authenticatedRoutes() async throws -> [Route] {
        try await all().filter { !publicPaths.contains($0.path) }
    }
}
