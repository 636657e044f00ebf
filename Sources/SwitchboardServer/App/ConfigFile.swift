import Foundation
import SwitchboardCore

/// Reads a settings file: either a JSON object (`{"port": 8080, "host": "0.0.0.0"}`) or `key = value` lines
/// (`#` starts a comment line; values may be wrapped in double quotes). Keys are the setting keys of
/// ``ServerSettings``; dashes are accepted for underscores.
enum ConfigFile {
    static func read(path: String) throws -> [(String, String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SettingsError("cannot read config file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SettingsError("config file \(path) is not UTF-8 text")
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") {
            return try parseJSON(data, path: path)
        }
        return try parseLines(text, path: path)
    }

    static func parseJSON(_ data: Data, path: String) throws -> [(String, String)] {
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw SettingsError("config file \(path) is not a valid JSON object")
        }
        return try object.sorted { $0.key < $1.key }.map { key, value in
            let name = normalize(key)
            switch value {
            case .string(let string): return (name, string)
            case .bool(let flag): return (name, flag ? "true" : "false")
            case .number(let number):
                if let whole = value.int64Value { return (name, String(whole)) }
                return (name, String(number))
            default:
                throw SettingsError("config file \(path): '\(key)' must be a string, number or boolean")
            }
        }
    }

    static func parseLines(_ text: String, path: String) throws -> [(String, String)] {
        var result: [(String, String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw SettingsError("config file \(path) line \(index + 1): expected 'key = value'")
            }
            let key = normalize(line[..<equals].trimmingCharacters(in: .whitespaces))
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty else {
                throw SettingsError("config file \(path) line \(index + 1): missing key")
            }
            result.append((key, value))
        }
        return result
    }

    private static func normalize(_ key: String) -> String {
        key.lowercased().replacingOccurrences(of: "-", with: "_")
    }
}
