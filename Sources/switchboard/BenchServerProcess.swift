import Foundation
import SwitchboardServer

#if canImport(Glibc)
import Glibc
#endif

/// A `switchboard serve` child process on a free loopback port, for the HTTP benchmark.
struct BenchServerProcess {
    let process: Process
    let port: Int
    /// Seconds from spawning to the first 200 from GET /health.
    let startToReady: Double

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var sampler: ProcessSampler { ProcessSampler(pid: process.processIdentifier) }

    /// Starts this same executable as `serve` on `databaseURL` and waits until it answers (at most 120 s);
    /// `environment` adds variables (e.g. `SWITCHBOARD_SMTP_PORT`) to this process's environment.
    static func start(
        databaseURL: String, dataDirectory: String, client: BenchHTTPConnection, environment: [String: String] = [:]
    ) async throws -> BenchServerProcess {
        let port = try freePort()
        let process = Process()
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: executable)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.arguments = [
            "serve", "--database-url", databaseURL, "--port", String(port), "--host", "127.0.0.1",
            "--data-dir", dataDirectory, "--log-level", "error",
        ]
        let clock = ContinuousClock()
        let started = clock.now
        try process.run()
        let deadline = started.advanced(by: .seconds(120))
        while clock.now < deadline {
            guard process.isRunning else {
                throw BenchRequestError(description: "the server exited with status \(process.terminationStatus)")
            }
            if await client.isHealthy(baseURL: "http://127.0.0.1:\(port)") {
                let elapsed = started.duration(to: clock.now)
                return BenchServerProcess(
                    process: process, port: port,
                    startToReady: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        process.terminate()
        throw BenchRequestError(description: "the server did not answer GET /health within 120 s")
    }

    /// Asks the server to shut down gracefully (SIGTERM) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchRequestError(description: "cannot open a socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw BenchRequestError(description: "cannot bind a free port") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw BenchRequestError(description: "cannot read the free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
