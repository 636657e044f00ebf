import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStorage
import Testing

/// Runs a test against a fresh server built by the production `buildApplication`, on a fresh database of
/// `backend`, with tenants A and B seeded.
enum TestApp {
    static var logger: Logger {
        var logger = Logger(label: "switchboard-test")
        let level = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        logger.logLevel = level ?? .critical
        return logger
    }

    static func run<T: Sendable>(
        _ backend: TestBackend, setup: TestingSetup = .router,
        configure: @Sendable (inout ServerSettings) -> Void = { _ in },
        _ body: @Sendable (TestAPI, TestWorld) async throws -> T
    ) async throws -> T {
        let logger = Self.logger
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        do {
            var settings = ServerSettings(dataDirectory: scratch.directory.path)
            settings.databaseURL = scratch.url
            settings.port = 0
            settings.bcryptCost = 10
            settings.databaseMaxConnections = 6
            settings.logLevel = logger.logLevel
            configure(&settings)
            let app = try await buildApplication(settings, logger: logger)
            let location = try DatabaseLocation(url: scratch.url)
            let result = try await app.test(setup) { client in
                try await Database.with(location, logger: logger, maxConnections: 4) { database in
                    let world = try await TestWorld.seed(database)
                    return try await body(TestAPI(client: client), world)
                }
            }
            await scratch.remove(logger: logger)
            return result
        } catch {
            await scratch.remove(logger: logger)
            throw error
        }
    }
}
