import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// ``SQLiteDirectConnection`` as an SQLKit `SQLDatabase`: SQLite's dialect, values encoded and decoded as sqlite-kit
/// does.
///
/// Without a `thread`, statements run synchronously on the calling task's thread (the writer's own, under
/// ``SQLiteThreadedConnection/run(_:)``). With one, each statement is handed to that thread and awaited (the
/// readers).
struct SQLiteDirectDatabase: SQLDatabase {
    let connection: SQLiteDirectConnection
    let logger: Logger
    let queryLogLevel: Logger.Level?
    var thread: NIOThreadPool? = nil

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        guard let thread else { return try run(query, onRow) }
        let (sql, binds) = try serialize(query)
        let connection = connection
        for row in try await thread.runIfActive({ try connection.query(sql, binds) }) { onRow(row) }
    }

    /// The future-returning form runs the statement before it returns, like the async one.
    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        let eventLoop = eventLoop
        guard let thread else { return eventLoop.makeCompletedFuture { try run(query, onRow) } }
        let (sql, binds): (String, [SQLiteData])
        do { (sql, binds) = try serialize(query) } catch { return eventLoop.makeFailedFuture(error) }
        let connection = connection
        return thread.runIfActive(eventLoop: eventLoop) { try connection.query(sql, binds) }
            .map { rows in for row in rows { onRow(row) } }
    }

    private func run(_ query: any SQLExpression, _ onRow: @Sendable (any SQLRow) -> Void) throws {
        let (sql, binds) = try serialize(query)
        for row in try connection.query(sql, binds) { onRow(row) }
    }

    /// The statement's SQL text and its encoded binds; logs both at `queryLogLevel`.
    private func serialize(_ query: any SQLExpression) throws -> (sql: String, binds: [SQLiteData]) {
        let sql: String, binds: [any Encodable & Sendable]
        if let text = query as? SQLText {
            // Already one text: no SQLKit serialisation (SQLText says why).
            (sql, binds) = (text.sqliteText, text.binds)
        } else {
            var serializer = SQLSerializer(database: self)
            query.serialize(to: &serializer)
            (sql, binds) = (serializer.sql, serializer.binds)
        }
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: [
                "sql": .string(sql), "binds": .array(binds.map { .string("\($0)") }),
            ])
        }
        return (sql, try binds.map(Self.encode))
    }

    /// sqlite-kit's encoder, made once: it holds a `JSONEncoder`, which cost an allocation per statement.
    private static let encoder = SQLiteDataEncoder()

    /// A bind as sqlite-kit's `SQLiteDataEncoder` encodes it. The types almost every bind has are converted first, by
    /// a cast to the concrete type: the encoder's cast to the `SQLiteDataConvertible` protocol looks the conformance
    /// up on every bind (about 2% of the server's CPU during ticket creates). `SQLiteDirectConnectionTests` checks
    /// both give the same value.
    static func encode(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let value as Int64: .integer(Int(value))
        case let value as String: .text(value)
        case let value as Int: .integer(value)
        case let value as Double: .float(value)
        case let value as Bool: .integer(value ? 1 : 0)
        default: try encoder.encode(value)
        }
    }
}

extension SQLiteDirectConnection {
    /// The connection as an SQLKit database; statements are logged at `queryLogLevel`.
    func sql(
        logger: Logger = Logger(label: "switchboard.sqlite"), queryLogLevel: Logger.Level? = .trace
    ) -> any SQLDatabase {
        SQLiteDirectDatabase(connection: self, logger: logger, queryLogLevel: queryLogLevel)
    }
}
