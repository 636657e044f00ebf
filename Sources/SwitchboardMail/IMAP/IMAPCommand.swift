/// A command line to send, built from parts so that strings are always quoted or sent as literals correctly and
/// never spliced in raw (no command injection through a folder name or password).
public struct IMAPCommand: Sendable, Equatable {
    /// One piece of the command.
    public enum Part: Sendable, Equatable {
        /// Protocol text written as is (command names, sequence sets, flag lists). Must not contain CR or LF.
        case raw(String)
        /// A string argument: quoted when it is short printable ASCII, otherwise sent as a literal.
        case string([UInt8])
    }

    public var parts: [Part]
    /// Send the last string part as a literal even when it could be quoted (APPEND's message).
    var forceLiteralLast = false

    public init(_ parts: [Part]) {
        self.parts = parts
    }

    /// A command made of words only.
    public init(_ text: String) {
        self.parts = [.raw(text)]
    }

    /// How one chunk goes on the wire: text to write, then (when `literal` is set) wait for `+` and write it.
    struct Chunk: Equatable {
        var text: [UInt8]
        var literal: [UInt8]?
    }

    /// The wire form after `tag `: chunks separated where the server must answer `+` before a literal.
    func chunks(tag: String) throws -> [Chunk] {
        var chunks: [Chunk] = []
        var current = Array((tag + " ").utf8)
        for (position, part) in parts.enumerated() {
            if position > 0 { current.append(UInt8(ascii: " ")) }
            switch part {
            case .raw(let text):
                guard !text.utf8.contains(13), !text.utf8.contains(10) else {
                    throw IMAPClientError(.configuration, "a command contained a line break")
                }
                current += Array(text.utf8)
            case .string(let bytes):
                if Self.canQuote(bytes) && !(forceLiteralLast && position == parts.count - 1) {
                    current.append(UInt8(ascii: "\""))
                    for byte in bytes {
                        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                            current.append(UInt8(ascii: "\\"))
                        }
                        current.append(byte)
                    }
                    current.append(UInt8(ascii: "\""))
                } else {
                    current += Array("{\(bytes.count)}\r\n".utf8)
                    chunks.append(Chunk(text: current, literal: bytes))
                    current = []
                }
            }
        }
        current += [13, 10]
        chunks.append(Chunk(text: current, literal: nil))
        return chunks
    }

    /// Quoted strings may hold 7-bit text without CR, LF or NUL (RFC 3501 `quoted`); we also keep them short.
    static func canQuote(_ bytes: [UInt8]) -> Bool {
        bytes.count <= 1024 && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
    }

    /// A sequence set of UIDs, compressed into ranges (`3:5,9`).
    public static func sequenceSet(_ uids: [UInt32]) -> String {
        let sorted = Array(Set(uids)).sorted()
        var ranges: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            ranges.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return ranges.joined(separator: ",")
    }
}

/// Mailbox names on the wire: modified UTF-7 (RFC 3501 §5.1.3) for names with characters outside printable ASCII.
public enum IMAPMailboxName {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    /// The modified UTF-7 form of `name` (`Entwürfe` → `Entw&APw-rfe`).
    public static func encode(_ name: String) -> [UInt8] {
        var output: [UInt8] = []
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            output.append(UInt8(ascii: "&"))
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xff)] }
            var index = 0
            while index < bytes.count {
                let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
                let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8)
                    | UInt32(chunk.count > 2 ? chunk[2] : 0)
                let characters = chunk.count + 1
                for position in 0..<characters {
                    output.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3f)])
                }
                index += 3
            }
            output.append(UInt8(ascii: "-"))
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7f {
                flush()
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return output
    }
}
