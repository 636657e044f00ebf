/// Why sending by SMTP failed. `isPermanent` (a 5xx answer) means retrying cannot help; everything else
/// (4xx, network errors, timeouts, TLS problems) may succeed later.
public struct SMTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server's reply code, or nil when there was no answer (network, TLS, timeout).
    public var code: Int?
    /// What happened, safe to show to agents (no credentials).
    public var message: String

    public init(code: Int?, message: String) {
        self.code = code
        self.message = message
    }

    /// A 5xx answer.
    public var isPermanent: Bool { (code ?? 0) >= 500 && (code ?? 0) < 600 }

    public var description: String { code.map { "\($0) \(message)" } ?? message }
}

/// A parsed multi-line SMTP reply.
struct SMTPResponse: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " ") }
}

/// Assembles multi-line replies (`250-…`, `250 …`) from lines; pure.
struct SMTPResponseParser: Sendable {
    private var lines: [String] = []

    /// Feeds one line; returns the reply when it was the last line of one. Throws on a malformed line.
    mutating func feed(_ line: String) throws -> SMTPResponse? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)),
            (200...599).contains(code)
        else {
            throw SMTPClientError(code: nil, message: "the server sent a malformed reply")
        }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        lines.append(text)
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return nil }
        defer { lines = [] }
        return SMTPResponse(code: code, lines: lines)
    }
}
