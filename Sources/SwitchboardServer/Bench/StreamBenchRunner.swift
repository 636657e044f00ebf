import Foundation

/// The `stream` scenario against one server: for each client count, N WebSocket clients connect to
/// `/api/v1/stream` and prove they are live; a writer posts replies and notes through the API at `rate` per second
/// for `duration`; the clients stay until every expected `message.created` event arrived (or `drainTimeout`
/// passed), then close. Each (message, client) pair is timed from the POST being sent to the frame arriving.
public struct StreamBenchRunner: Sendable {
    public var databaseName: String
    public var clientCounts: [Int]
    public var rate: Double
    public var duration: Duration
    /// How long to wait after the last post for events still on their way; anything later counts as lost.
    public var drainTimeout: Duration
    /// Connections opened at once while connecting the clients.
    public var connectParallelism: Int

    public init(
        databaseName: String, clientCounts: [Int], rate: Double, duration: Duration,
        drainTimeout: Duration = .seconds(10), connectParallelism: Int = 16
    ) {
        self.databaseName = databaseName
        self.clientCounts = clientCounts
        self.rate = rate
        self.duration = duration
        self.drainTimeout = drainTimeout
        self.connectParallelism = max(1, connectParallelism)
    }

    /// - Parameters:
    ///   - host, port: the server.
    ///   - server: samples the server process's RSS and CPU (`nil` when it cannot be read).
    public func run(
        host: String, port: Int, connection: BenchHTTPConnection, targets: BenchTargets, server: ProcessSampler?,
        log: @Sendable (String) -> Void
    ) async -> [StreamBenchRow] {
        var rows: [StreamBenchRow] = []
        for clients in clientCounts {
            let row = await measure(
                clients: clients, host: host, port: port, connection: connection, targets: targets, server: server)
            rows.append(row)
            log("\(databaseName) stream clients=\(clients): \(row.deliveredDeliveries)/\(row.expectedDeliveries) "
                + "delivered, p50 \(BenchReport.fixed(row.sendToArrival.p50Milliseconds, 2)) ms, "
                + "p99 \(BenchReport.fixed(row.sendToArrival.p99Milliseconds, 2)) ms, lost \(row.lostDeliveries)")
        }
        return rows
    }

    private func measure(
        clients: Int, host: String, port: Int, connection: BenchHTTPConnection, targets: BenchTargets,
        server: ProcessSampler?
    ) async -> StreamBenchRow {
        let socket = StreamBenchSocket(host: host, port: port, token: targets.token)
        let (connections, connectError) = await connect(clients, socket: socket)
        let writer = StreamBenchWriter(
            connection: connection, baseURL: "http://\(host):\(port)", token: targets.token,
            ticketIDs: targets.replyTicketIDs, rate: rate, duration: duration)
        let counter = StreamArrivalCounter()
        let (readiness, ready) = AsyncStream<Bool>.makeStream()
        let drainTimeout = self.drainTimeout
        let databaseName = self.databaseName
        return await withTaskGroup(of: [StreamArrival]?.self) { group in
            for client in connections {
                group.addTask {
                    do {
                        return try await client.run(counter: counter, ready: { ready.yield(true) })
                    } catch {
                        ready.yield(false)
                        return nil
                    }
                }
            }
            var live = 0
            var answered = 0
            if !connections.isEmpty {
                for await isLive in readiness {
                    answered += 1
                    if isLive { live += 1 }
                    if answered == connections.count { break }
                }
            }
            ready.finish()
            let clock = ContinuousClock()
            let cpuBefore = server?.cpuSeconds()
            let started = clock.now
            let posts = await writer.run()
            let written = clock.now
            let expected = posts.filter { $0.messageID != nil }.count * live
            let deadline = written.advanced(by: drainTimeout)
            while counter.count < expected, clock.now < deadline {
                try? await Task.sleep(for: .milliseconds(2))
            }
            let finished = clock.now
            let cpuAfter = server?.cpuSeconds()
            let rss = server?.residentBytes()
            for client in connections { client.close() }
            var arrivals: [[StreamArrival]] = []
            for await outcome in group {
                if let outcome { arrivals.append(outcome) }
            }
            let seconds = DatasetBench.seconds(started.duration(to: finished))
            var row = StreamBenchRow.summarize(
                database: databaseName, clients: clients, posts: posts, arrivals: arrivals,
                connectError: connectError ?? (live < connections.count ? "a client failed before it was live" : nil),
                writingSeconds: DatasetBench.seconds(started.duration(to: written)), seconds: seconds)
            row.serverRSSBytes = rss
            if let cpuBefore, let cpuAfter, seconds > 0 { row.serverCPUPercent = (cpuAfter - cpuBefore) / seconds * 100 }
            return row
        }
    }

    /// Opens `count` connections, `connectParallelism` at a time; returns those that opened and the first error.
    private func connect(_ count: Int, socket: StreamBenchSocket) async -> ([StreamBenchConnection], String?) {
        var opened: [StreamBenchConnection] = []
        var firstError: String?
        var remaining = count
        while remaining > 0 {
            let batch = min(remaining, connectParallelism)
            remaining -= batch
            await withTaskGroup(of: Result<StreamBenchConnection, any Error>.self) { group in
                for _ in 0..<batch {
                    group.addTask {
                        do { return .success(try await socket.connect()) } catch { return .failure(error) }
                    }
                }
                for await result in group {
                    switch result {
                    case .success(let connection): opened.append(connection)
                    case .failure(let error): if firstError == nil { firstError = "connect: \(error)" }
                    }
                }
            }
        }
        return (opened, firstError)
    }
}
