import Foundation

/// Runs the Python test peers in `scripts/` (aiosmtpd server, smtplib client).
///
/// Python: `$SWITCHBOARD_TEST_PYTHON`, else `<repo>/build/venv/bin/python` (made by scripts/test from
/// scripts/requirements-test.txt), else `python3`. A test needing aiosmtpd skips (printing why) when it is
/// missing, unless `SWITCHBOARD_REQUIRE_PEERS=1`, when it fails.
enum PythonPeer {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var python: String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["SWITCHBOARD_TEST_PYTHON"], !configured.isEmpty { return configured }
        let venv = repositoryRoot.appendingPathComponent("build/venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return "/usr/bin/python3"
    }

    static var peersRequired: Bool { ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_PEERS"] == "1" }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `module` imports in the test Python; when not, prints why the test skips, or throws when peers are
    /// required.
    static func available(_ module: String) throws -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import \(module)"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        let ok = (try? probe.run()) != nil && { probe.waitUntilExit(); return probe.terminationStatus == 0 }()
        if ok { return true }
        let reason = "Python module \(module) is not available in \(python) (install scripts/requirements-test.txt)"
        if peersRequired { throw Missing(description: reason + " and SWITCHBOARD_REQUIRE_PEERS=1") }
        print("skipped: \(reason)")
        return false
    }

    /// A running script that printed `READY <port>`; closing its standard input stops it.
    final class Server: @unchecked Sendable {
        let process: Process
        let input: Pipe
        let port: Int
        let directory: URL

        init(script: String, arguments: [String]) throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("sb-peer-\(UUID().uuidString.lowercased())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            process = Process()
            process.executableURL = URL(fileURLWithPath: PythonPeer.python)
            process.arguments = [repositoryRoot.appendingPathComponent("scripts/\(script)").path,
                                 "--dir", directory.path] + arguments
            input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line: [UInt8] = []
            while true {
                let byte = output.fileHandleForReading.readData(ofLength: 1)
                if byte.isEmpty || byte.first == 10 { break }
                line += byte
            }
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
                process.terminate()
                throw Missing(description: "\(script) did not start: \(text)")
            }
            self.port = port
        }

        /// Messages the server stored, in order: (envelope JSON, message bytes).
        func messages() throws -> [(envelope: [String: Any], message: Data)] {
            var result: [(envelope: [String: Any], message: Data)] = []
            var index = 1
            while true {
                let base = directory.appendingPathComponent("msg-\(index)")
                guard let message = FileManager.default.contents(atPath: base.path + ".eml"),
                    let json = FileManager.default.contents(atPath: base.path + ".json"),
                    let envelope = try JSONSerialization.jsonObject(with: json) as? [String: Any]
                else { return result }
                result.append((envelope, message))
                index += 1
            }
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
