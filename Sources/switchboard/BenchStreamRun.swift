import Foundation
import SwitchboardServer

extension BenchRun {
    /// The `stream` scenario on a loaded database: starts its own `switchboard serve` child process, connects
    /// the WebSocket clients of each count in turn while the writer posts, and stops the server.
    func runStream(on target: BenchDatabaseTarget, targets: BenchTargets) async throws -> [StreamBenchRow] {
        let client = BenchHTTPConnection(connections: 64)
        do {
            let server = try await BenchServerProcess.start(
                databaseURL: target.url, dataDirectory: target.dataDirectory, client: client)
            let runner = StreamBenchRunner(
                databaseName: target.name, clientCounts: settings.streamClients, rate: settings.streamRate,
                duration: settings.duration)
            let rows = await runner.run(
                host: "127.0.0.1", port: server.port, connection: client, targets: targets, server: server.sampler,
                log: { progress($0) })
            server.stop()
            try await client.shutdown()
            return rows
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
