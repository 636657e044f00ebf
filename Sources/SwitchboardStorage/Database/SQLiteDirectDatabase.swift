import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// ``SQLiteDirectConnection`` as an SQLKit `SQLDatabase`: SQLite's dialect, values encoded and decoded as sqlite-kit
/// does. Statements run synchronously on the calling task's thread (the connection's own, under
/// ``SQLiteThreadedConnection/run(_:)``).
struct SQLiteDirectDatabase: SQLDatabase {
    let connection: SQLiteDirectConnection
    let logger: Logger
    let queryLogLevel: Logger.Level?

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    /// The future-returning form runs the statement before it returns, like the async one.
    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        eventLoop.makeCompletedFuture { try run(query, onRow) }
    }

    private func run(_ query: any SQLExpression, _ onRow: @Sendable (any SQLRow) -> Void) throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        if let queryLogLevel {
            logger.log(level: queryLogLevel, "Executing query", metadata: [
                "sql": .string(serializer.sql), "binds": .array(serializer.binds.map { .string("\($0)") }),
            ])
        }
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        for row in try connection.query(serializer.sql, binds) { onRow(row) }
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
