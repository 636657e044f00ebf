import ArgumentParser
import Foundation
import SwitchboardMail

/// `switchboard mail sanitize`: runs the inbound-email HTML sanitiser on standard input.
///
/// Without options it reads one HTML document and prints the sanitised HTML. With `--jsonl` it reads JSON
/// lines `{"id": …, "payload": "<html>"}` and writes one `{"id": …, "html": "<sanitised>"}` line per input
/// line, in order; a line that is not such an object yields `{"id": null, "line": N, "error": "…"}` and makes
/// the command exit with status 1 after all lines are processed.
struct MailSanitizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanitize",
        abstract: "Sanitise inbound-email HTML read from standard input."
    )

    @Flag(name: .long, help: "Read JSON lines {\"id\":…,\"payload\":…} and write {\"id\":…,\"html\":…} lines.")
    var jsonl = false

    @Flag(name: .long, help: "Keep http(s) image sources instead of moving them to data-remote-src.")
    var allowRemoteImages = false

    func run() throws {
        let sanitizer = HTMLSanitizer(options: .init(allowRemoteImages: allowRemoteImages))
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard jsonl else {
            FileHandle.standardOutput.write(Data(sanitizer.sanitize(String(decoding: input, as: UTF8.self)).utf8))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let decoder = JSONDecoder()
        var failures = 0
        var output = Data()
        for (number, line) in input.split(separator: UInt8(ascii: "\n")).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let result: SanitizeLineResult
            do {
                let request = try decoder.decode(SanitizeLineRequest.self, from: Data(line))
                result = SanitizeLineResult(id: request.id, html: sanitizer.sanitize(request.payload))
            } catch {
                failures += 1
                result = SanitizeLineResult(line: number + 1, error: "not a JSON object with a string \"payload\"")
            }
            output.append(try encoder.encode(result))
            output.append(UInt8(ascii: "\n"))
            if output.count > 1 << 20 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(output)
        if failures > 0 { throw ExitCode(1) }
    }
}

/// One JSON input line of `mail sanitize --jsonl`.
private struct SanitizeLineRequest: Decodable {
    var id: SanitizeLineID?
    var payload: String
}

/// A line id as given: a string or a number.
private enum SanitizeLineID: Codable {
    case string(String)
    case number(Double)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .number(try container.decode(Double.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let value): try container.encode(value)
        }
    }
}

/// One JSON output line of `mail sanitize --jsonl`.
private struct SanitizeLineResult: Encodable {
    var id: SanitizeLineID?
    var html: String?
    var line: Int?
    var error: String?

    init(id: SanitizeLineID?, html: String) {
        self.id = id
        self.html = html
    }

    init(line: Int, error: String) {
        self.line = line
        self.error = error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)  // `null` when absent
        try container.encodeIfPresent(html, forKey: .html)
        try container.encodeIfPresent(line, forKey: .line)
        try container.encodeIfPresent(error, forKey: .error)
    }

    private enum CodingKeys: String, CodingKey {
        case id, html, line, error
    }
}
