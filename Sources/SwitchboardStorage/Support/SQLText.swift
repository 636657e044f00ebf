import SQLKit
import Synchronization

/// An SQL statement built by string interpolation, like SQLKit's `SQLQueryString`, but kept as one text and one list
/// of binds instead of a list of expressions: the writer's hottest statements (a ticket create's inserts) are built
/// and run without an expression object per fragment and per bind.
///
/// On the direct SQLite connection (`SQLiteDirectDatabase`) the text goes to SQLite as it is, each bind as `?`; at
/// 20k tickets SQLKit's serialisation of `SQLQueryString` was 12.6% of the writer thread's time during ticket creates
/// (docs/performance.md, "Session 12"). On any other database it serialises through SQLKit like any expression, each
/// bind with the dialect's placeholder (`$1` on PostgreSQL), so it may also sit inside a larger SQLKit expression.
///
/// Build it with `\(bind:)` for values, `\(unsafeRaw:)` for trusted SQL text, `\(other)` to embed another `SQLText`,
/// and `+=` to extend it; binds keep their textual order.
struct SQLText: SQLExpression, ExpressibleByStringInterpolation, Sendable {
    /// The text, with ``bindMark`` where each bind's placeholder goes (binds in order).
    private(set) var template: String
    private(set) var binds: [any Encodable & Sendable]

    /// Marks a bind's place in ``template``: a control character no SQL text of ours holds.
    static let bindMark: UInt8 = 0x01

    init(stringLiteral value: String) {
        assert(!value.utf8.contains(Self.bindMark), "SQL text must not hold U+0001")
        template = value
        binds = []
    }

    init(stringInterpolation: Interpolation) {
        template = stringInterpolation.template
        binds = stringInterpolation.binds
    }

    struct Interpolation: StringInterpolationProtocol {
        var template = ""
        var binds: [any Encodable & Sendable] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + interpolationCount)
            binds.reserveCapacity(interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            assert(!literal.utf8.contains(SQLText.bindMark), "SQL text must not hold U+0001")
            template += literal
        }

        /// A value, sent apart from the text.
        mutating func appendInterpolation(bind value: some Encodable & Sendable) {
            template.unicodeScalars.append(Unicode.Scalar(SQLText.bindMark))
            binds.append(value)
        }

        /// A value that may be `nil` (sent as NULL).
        mutating func appendInterpolation<Value: Encodable & Sendable>(bind value: Value?) {
            template.unicodeScalars.append(Unicode.Scalar(SQLText.bindMark))
            binds.append(value)
        }

        /// Trusted SQL text, written as it is. Never user input.
        mutating func appendInterpolation(unsafeRaw text: String) {
            precondition(!text.utf8.contains(SQLText.bindMark), "SQL text must not hold U+0001")
            template += text
        }

        /// Another statement's text and binds, in place.
        mutating func appendInterpolation(_ other: SQLText) {
            template += other.template
            binds += other.binds
        }
    }

    static func += (lhs: inout SQLText, rhs: SQLText) {
        lhs.template += rhs.template
        lhs.binds += rhs.binds
    }

    /// The text as SQLite takes it: each bind as `?` (SQLite numbers them in order). Traps when the marks and the
    /// binds do not pair up (a U+0001 in code's SQL text), rather than send values to the wrong parameters.
    var sqliteText: String {
        var bytes = Array(template.utf8)
        var marks = 0
        for index in bytes.indices where bytes[index] == Self.bindMark {
            bytes[index] = UInt8(ascii: "?")
            marks += 1
        }
        precondition(marks == binds.count, "SQL text holds U+0001 outside a bind")
        return marks == 0 ? template : String(decoding: bytes, as: UTF8.self)
    }

    func serialize(to serializer: inout SQLSerializer) {
        var bindIndex = 0
        var segmentStart = template.utf8.startIndex
        for index in template.utf8.indices where template.utf8[index] == Self.bindMark {
            precondition(bindIndex < binds.count, "SQL text holds U+0001 outside a bind")
            serializer.write(String(template[segmentStart..<index]))
            serializer.write(bind: binds[bindIndex])
            bindIndex += 1
            segmentStart = template.utf8.index(after: index)
        }
        serializer.write(String(template[segmentStart...]))
    }
}

extension SQLDatabase {
    /// Runs `statement` and returns its rows.
    func all(_ statement: SQLText) async throws -> [any SQLRow] {
        let rows = RowCollector()
        try await execute(sql: statement) { row in rows.append(row) }
        return rows.taken
    }

    /// Runs `statement` and returns its first row, if any.
    func first(_ statement: SQLText) async throws -> (any SQLRow)? {
        try await all(statement).first
    }

    /// Runs `statement`, ignoring any rows.
    func run(_ statement: SQLText) async throws {
        try await execute(sql: statement) { _ in }
    }
}

/// The rows a statement hands to its row callback.
private final class RowCollector: Sendable {
    private let rows = Mutex<[any SQLRow]>([])

    func append(_ row: any SQLRow) { rows.withLock { $0.append(row) } }

    var taken: [any SQLRow] { rows.withLock { $0 } }
}
