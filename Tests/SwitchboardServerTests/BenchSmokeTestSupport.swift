import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardServer
import SwitchboardStorage
import Testing

/// The setup the `switchboard bench` smoke tests share: a scratch database of each backend, a generated
/// dataset loaded into it, and the real server listening on a socket.
enum BenchSmoke {
    /// A logger labelled `label` that only passes critical messages, so the bench's own output stays quiet.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` on a fresh scratch database of `backend` and removes that database afterwards, also when
    /// `body` throws (the error is rethrown).
    static func withScratchDatabase(
        _ backend: TestBackend, logger: Logger, _ body: (ScratchDatabase) async throws -> Void
    ) async throws {
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        do {
            try await body(scratch)
        } catch {
            await scratch.remove(logger: logger)
            throw error
        }
        await scratch.remove(logger: logger)
    }

    /// Migrates the database at `location`, bulk-loads the dataset of `spec` in batches of `batchSize` (named
    /// after `backend` in the figures), and prepares the bench targets on it.
    static func loadDataset(
        _ spec: BenchDatasetSpec, backend: TestBackend, location: DatabaseLocation, batchSize: Int, logger: Logger
    ) async throws -> (loaded: DatasetBench.Loaded, targets: BenchTargets) {
        try await Database.with(location, logger: logger, maxConnections: 4) { database in
            let loaded = try await DatasetBench.load(
                spec: spec, databaseName: backend.rawValue, into: database, batchSize: batchSize, logger: logger)
            let targets = try await BenchTargets.prepare(
                ids: loaded.ids, generator: DatasetGenerator(spec: spec), into: database)
            return (loaded, targets)
        }
    }

    /// Builds the production application on `scratch` (critical logging only), serves it live on a free port
    /// and runs `body` with that port and a bench HTTP connection of 8, shut down once `body` has returned.
    /// Returns what `body` returns.
    static func withLiveServer<Value: Sendable>(
        on scratch: ScratchDatabase, logger: Logger,
        _ body: @Sendable (_ port: Int, _ connection: BenchHTTPConnection) async throws -> Value
    ) async throws -> Value {
        var settings = ServerSettings(dataDirectory: scratch.directory.path)
        settings.databaseURL = scratch.url
        settings.port = 0
        settings.logLevel = .critical
        let app = try await buildApplication(settings, logger: logger)
        let connection = BenchHTTPConnection(connections: 8)
        let value = try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body(port, connection)
        }
        try await connection.shutdown()
        return value
    }
}
