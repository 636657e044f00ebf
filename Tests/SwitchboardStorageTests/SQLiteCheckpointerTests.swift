import Foundation
import SQLKit
import Testing

@testable import SwitchboardStorage

/// The WAL is checkpointed on a connection of its own, never inside the writer's commit.
@Suite("SQLite checkpoints off the writer")
struct SQLiteCheckpointerTests {
    @Test("commits past 1,000 WAL frames are checkpointed by the checkpointer; the WAL stays bounded; nothing is lost")
    func checkpointsOffTheWriter() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sb-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path
        let backend = try await SQLiteBackend.open(path: path, readers: 2, logger: TestEnvironment.logger)
        let checkpointer = try #require(backend.checkpointer)

        // The writer's own automatic checkpoint is off: SQLite reports 0 while another WAL hook is set.
        let autocheckpoint = try await backend.writeConnection { connection in
            try connection.query("PRAGMA wal_autocheckpoint").first?.value("wal_autocheckpoint")
        }
        #expect(autocheckpoint == .integer(0))

        _ = try await backend.write { db in
            try await db.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)").run()
        }
        // 80 commits of 64 rows of 4 KB (each row two pages): 16,000+ WAL frames without a checkpoint.
        let payload = [UInt8](repeating: 0x5A, count: 4_096)
        let commits = 80
        for commit in 0..<commits {
            _ = try await backend.write { db in
                for row in 0..<64 {
                    let id = commit * 64 + row
                    try await db.raw("INSERT INTO t (id, payload) VALUES (\(bind: id), \(bind: payload))").run()
                }
            }
        }
        // The checkpoint runs beside the writes; wait for it (not a timing assertion: at most 30 s).
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while checkpointer.completed.load(ordering: .relaxed) == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(checkpointer.completed.load(ordering: .relaxed) > 0)
        // The WAL started over along the way: it never held more than the writer's fallback point and one commit
        // (without any checkpoint it holds every frame written, 66 MB here; with a checkpoint only beside the
        // writes it never caught up and grew as large).
        _ = try await backend.write { db in try await db.raw("INSERT INTO t (id, payload) VALUES (-1, x'00')").run() }
        let walBytes = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        let bound = (SQLiteCheckpointer.writerFallbackFrames + 1_000) * (4_096 + 24)
        #expect(walBytes < bound, "the WAL grew to \(walBytes) bytes")

        let (count, integrity) = try await backend.read { db in
            (try await db.raw("SELECT count(*) AS n FROM t").first(decodingColumn: "n", as: Int.self),
             try await db.raw("PRAGMA integrity_check").first(decodingColumn: "integrity_check", as: String.self))
        }
        #expect(count == commits * 64 + 1)
        #expect(integrity == "ok")
        await backend.close()

        // The writer closed last: the WAL is gone and every row is in the file.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try SQLiteDirectConnection.open(path: path)
        defer { reopened.close() }
        #expect(try reopened.query("SELECT count(*) AS n FROM t").first?.value("n") == .integer(commits * 64 + 1))
    }
}
