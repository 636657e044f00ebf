import Foundation
import Testing

/// The built `switchboard bench` executable's command line: `bench mail` options reach `bench mail` (they were once
/// parsed into its parent and silently ignored), and plain `bench --scenario …` still runs `bench run`.
@Suite("switchboard bench command line")
struct BenchCommandLineTests {
    /// Runs the executable with `arguments` to its end without blocking a thread of the cooperative pool; returns
    /// the exit status and standard error.
    static func run(_ binary: String, _ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let message = stderr.fileHandleForReading.readDataToEndOfFile()
        return (status, String(decoding: message, as: UTF8.self))
    }

    static func jsonObject(at path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func benchMailWritesItsReportAndKeepsItsDirectory() async throws {
        guard let binary = MailPipeEndToEndTests.executableOrSkip("BenchCommandLineTests") else { return }
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("bench-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let corpus = (work as NSString).appendingPathComponent("empty-corpus")
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let report = (work as NSString).appendingPathComponent("mail.json")
        let mail = try await Self.run(binary, [
            "bench", "mail", "--corpus", corpus, "--parse-seconds", "0.05", "--messages", "0",
            "--work-dir", work, "--json", report, "--keep",
        ])
        #expect(mail.status == 0, "\(mail.stderr)")
        #expect(mail.stderr.contains("wrote \(report)"), "\(mail.stderr)")
        let parse = try #require(try Self.jsonObject(at: report)["parse"] as? [String: Any])
        #expect((parse["parsed"] as? Int ?? 0) > 0, "\(parse)")

        let runReport = (work as NSString).appendingPathComponent("run.json")
        let run = try await Self.run(binary, [
            "bench", "--scenario", "dataset", "--tickets", "20", "--work-dir", work, "--json", runReport, "--keep",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: (work as NSString).appendingPathComponent("sqlite-data/bench.sqlite")))
        #expect(try Self.jsonObject(at: runReport).isEmpty == false)
    }
}
