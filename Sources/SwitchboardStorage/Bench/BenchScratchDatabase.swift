import Foundation
import Logging
import SQLKit

/// Creates and drops the PostgreSQL databases a benchmark run loads (each run starts from an empty database).
public enum BenchScratchDatabase {
    /// Creates the database `name` (dropping an earlier one of that name) through `adminURL`.
    public static func create(_ name: String, adminURL: String, logger: Logger) async throws {
        try await Database.with(try DatabaseLocation(url: adminURL), logger: logger, maxConnections: 1) { admin in
            try await admin.read { db in
                try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                try await db.raw("CREATE DATABASE \(ident: name)").run()
            }
        }
    }

    /// Drops the database `name` through `adminURL`.
    public static func drop(_ name: String, adminURL: String, logger: Logger) async throws {
        try await Database.with(try DatabaseLocation(url: adminURL), logger: logger, maxConnections: 1) { admin in
            try await admin.read { db in
                try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            }
        }
    }
}
