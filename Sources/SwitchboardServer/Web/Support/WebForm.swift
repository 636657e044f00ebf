import Foundation
import Hummingbird
import SwitchboardCore

/// The fields of an `application/x-www-form-urlencoded` body (the last value wins for repeated names).
struct WebForm: Sendable {
    /// Largest form body accepted, in bytes.
    static let maximumBytes = 64 * 1024

    let values: [String: String]

    /// Parses `body`; `+` is a space and `%XX` a byte (malformed escapes are kept as they are).
    init(body: String) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if !name.isEmpty { values[name] = value }
        }
        self.values = values
    }

    /// Reads the body of `request` as a form; throws `invalidInput` for another content type or a too large body.
    static func read(_ request: Request) async throws -> WebForm {
        let type = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard type == nil || type == "application/x-www-form-urlencoded" else {
            throw SwitchboardError(.invalidInput, "the form must be sent as application/x-www-form-urlencoded")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw SwitchboardError(.tooLarge, "the form is too large")
        }
        return WebForm(body: String(buffer: buffer))
    }

    /// The trimmed value of `name`, or `""` when absent.
    subscript(name: String) -> String {
        values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// The value of `name` exactly as sent (passwords), or `""`.
    func raw(_ name: String) -> String { values[name] ?? "" }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
