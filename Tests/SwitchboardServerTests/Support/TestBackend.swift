import Foundation
import Logging
import SQLKit
import SwitchboardStorage
import Testing

/// The databases every server test runs against: SQLite always; PostgreSQL when
/// `SWITCHBOARD_TEST_POSTGRES_URL` is set. With `SWITCHBOARD_REQUIRE_POSTGRES=1` and no URL, the PostgreSQL
/// case is still listed and fails with a clear message instead of being skipped silently.
enum TestBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_POSTGRES"] == "1"
    }

    /// The backends to run: `[.sqlite]`, plus `.postgres` when configured or required.
    static var all: [TestBackend] {
        postgresURL != nil || postgresRequired ? [.sqlite, .postgres] : [.sqlite]
    }

    struct MissingPostgres: Error, CustomStringConvertible {
        var description: String {
            "SWITCHBOARD_REQUIRE_POSTGRES=1 but SWITCHBOARD_TEST_POSTGRES_URL is not set: "
                + "start PostgreSQL and export its URL (postgres://user@127.0.0.1:PORT/postgres)"
        }
    }
}

/// A fresh, empty database for one test, removed afterwards.
struct ScratchDatabase: Sendable {
    let url: String
    let directory: URL
    private let dropName: String?

    static func make(_ backend: TestBackend, logger: Logger) async throws -> ScratchDatabase {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sb-server-test-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            return ScratchDatabase(
                url: "sqlite://" + directory.appendingPathComponent("switchboard.sqlite").path, directory: directory,
                dropName: nil)
        case .postgres:
            guard let base = TestBackend.postgresURL else { throw TestBackend.MissingPostgres() }
            let name = "sb_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await Database.with(.postgres(url: base), logger: logger, maxConnections: 1) { database in
                try await database.read { db in
                    try await db.raw("CREATE DATABASE \(ident: String(name))").run()
                }
            }
            return ScratchDatabase(url: Self.replacingDatabase(in: base, with: String(name)), directory: directory,
                                   dropName: String(name))
        }
    }

    /// Removes the files and, on PostgreSQL, the database.
    func remove(logger: Logger) async {
        try? FileManager.default.removeItem(at: directory)
        guard let dropName, let base = TestBackend.postgresURL else { return }
        try? await Database.with(.postgres(url: base), logger: logger, maxConnections: 1) { database in
            try await database.read { db in
                try await db.raw("DROP DATABASE IF EXISTS \(ident: dropName) WITH (FORCE)").run()
            }
        }
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}
