import Logging
import NIOCore
import PostgresNIO
import SwitchboardCore

/// `COPY table (columns) FROM STDIN` in PostgreSQL's text format, for bulk loads: rows stream to the server in
/// large buffers with no bind parameters to encode or parse. A value is written as its text, so the stored row is
/// the one a multi-row INSERT with the same values would store.
struct PostgresCopyInsert {
    /// One value of a row.
    enum Value {
        case null
        case integer(Int64)
        case text(String)

        static func of(_ value: Int64?) -> Value { value.map { .integer($0) } ?? .null }
        static func of(_ value: Int?) -> Value { value.map { .integer(Int64($0)) } ?? .null }
        static func of(_ value: String?) -> Value { value.map { .text($0) } ?? .null }
    }

    /// Bytes sent per `CopyData` message.
    var chunkBytes = 1 << 20

    /// Copies `rows` into `table`; `values` gives one value per column for a row. `table` and `columns` are
    /// identifiers written into the COPY statement as given: pass constants only.
    func run<Row>(
        table: String, columns: [String], rows: [Row], on connection: PostgresConnection, logger: Logger,
        values: (Row) -> [Value]
    ) async throws {
        guard !rows.isEmpty else { return }
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(chunkBytes + 4096)
            for row in rows {
                let fields = values(row)
                guard fields.count == columns.count else {
                    throw SwitchboardError(.internalError, "a bulk row of \(table) has the wrong number of values")
                }
                for (index, field) in fields.enumerated() {
                    if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    Self.write(field, into: &buffer)
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
                if buffer.readableBytes >= chunkBytes {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// A value in COPY text format: `\N` for NULL; in text, backslash, tab, newline and carriage return escaped.
    static func write(_ value: Value, into buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case .integer(let number):
            buffer.writeString(String(number))
        case .text(let text):
            let needsEscape = text.utf8.contains { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            guard needsEscape else {
                buffer.writeString(text)
                return
            }
            for byte in text.utf8 {
                switch byte {
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x09: buffer.writeStaticString("\\t")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }
}
