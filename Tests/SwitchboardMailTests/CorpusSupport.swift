import Crypto
import Foundation
import Yams

/// Locates the shared test data (`../shared` next to the package root, or `SWITCHBOARD_SHARED_DIR`).
enum CorpusSupport {
    static func sharedDirectory(filePath: String = #filePath) -> URL? {
        if let override = ProcessInfo.processInfo.environment["SWITCHBOARD_SHARED_DIR"], !override.isEmpty {
            let url = URL(fileURLWithPath: override)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        // Tests/SwitchboardMailTests/<file>.swift → package root is two folders up from the test folder.
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }

    /// The corpus folder `email/<name>`, or nil (with a printed reason) when absent.
    static func emailCorpus(_ name: String) -> URL? {
        guard let shared = sharedDirectory() else {
            print("SKIPPED: shared test data not found (set SWITCHBOARD_SHARED_DIR or place it at ../shared)")
            return nil
        }
        let url = shared.appendingPathComponent("corpus/email/\(name)")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("SKIPPED: corpus \(url.path) not found")
            return nil
        }
        return url
    }

    /// Files in `directory` (recursively) whose names end in `suffix`, sorted.
    static func files(in directory: URL, suffix: String) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var result: [URL] = []
        for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(suffix) { result.append(url) }
        return result.sorted { $0.path < $1.path }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    static func md5Hex(_ bytes: [UInt8]) -> String {
        Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A YAML value with Ruby tags ignored and `!binary` decoded.
    indirect enum YAMLValue {
        case string(String)
        case binary([UInt8])
        case list([YAMLValue])
        case map([String: YAMLValue])
        case null

        var string: String? {
            switch self {
            case .string(let value): return value
            case .binary(let bytes): return String(decoding: bytes, as: UTF8.self)
            default: return nil
            }
        }

        var bytes: [UInt8]? {
            switch self {
            case .string(let value): return Array(value.utf8)
            case .binary(let bytes): return bytes
            default: return nil
            }
        }

        subscript(_ key: String) -> YAMLValue? {
            if case .map(let map) = self { return map[key] }
            return nil
        }
    }

    static func loadYAML(_ url: URL) throws -> YAMLValue {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return convert(node)
    }

    private static func convert(_ node: Node) -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            let tag = node.tag.description
            if tag.hasSuffix("binary") {
                let cleaned = scalar.string.filter { !$0.isWhitespace }
                return .binary([UInt8](Data(base64Encoded: cleaned) ?? Data()))
            }
            if scalar.string == "~" || (scalar.string == "null" && scalar.style == .plain) { return .null }
            return .string(scalar.string)
        case .mapping(let mapping):
            var result: [String: YAMLValue] = [:]
            for (key, value) in mapping {
                if case .scalar(let keyScalar) = key { result[keyScalar.string] = convert(value) }
            }
            return .map(result)
        case .sequence(let sequence):
            return .list(sequence.map(convert))
        case .alias:
            return .null
        }
    }
}

/// Collects per-case results and prints a summary.
struct CorpusReport {
    let name: String
    var passed = 0
    var failures: [(String, [String])] = []

    init(_ name: String) { self.name = name }

    var total: Int { passed + failures.count }
    var rate: Double { total == 0 ? 1 : Double(passed) / Double(total) }

    mutating func record(_ caseName: String, _ problems: [String]) {
        if problems.isEmpty { passed += 1 } else { failures.append((caseName, problems)) }
    }

    /// Prints the pass rate and every failing case; a failing case listed in `knownDifferences` (case name →
    /// why we differ from the reference on purpose) gets that reason printed under it. It still counts as failing.
    func printSummary(knownDifferences: [String: String] = [:]) {
        print("[\(name)] \(passed)/\(total) cases pass (\(String(format: "%.1f", rate * 100))%)")
        for (caseName, problems) in failures {
            print("  FAIL \(caseName): " + problems.joined(separator: "; "))
            if let reason = knownDifferences[caseName] { print("    known difference: \(reason)") }
        }
    }
}
