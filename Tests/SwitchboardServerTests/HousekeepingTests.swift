import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

@Suite("Housekeeping removes expired sessions, login attempts and idempotency keys")
struct HousekeepingTests {
    @Test(arguments: TestBackend.all)
    func aSweepRemovesWhatExpiredAndKeepsTheRest(_ backend: TestBackend) async throws {
        try await EmailWorld.run(backend) { mail in
            let database = mail.database
            let user = mail.world.a.agent.user
            let accountID = mail.world.a.account.id
            let start = Date()
            let later = start.addingTimeInterval(25 * 3600)  // the sweep runs a day and an hour later
            try await database.write { db in
                let sessions = SessionRepository()
                _ = try await sessions.create(
                    userID: user.id, accountID: accountID, expiresAt: start.addingTimeInterval(3600), on: db)
                _ = try await sessions.create(
                    userID: user.id, accountID: accountID, expiresAt: start.addingTimeInterval(48 * 3600), on: db)
                let attempts = LoginAttemptRepository()
                try await attempts.recordFailure(key: "email:old@example.com", at: start, on: db)
                try await attempts.recordFailure(
                    key: "email:recent@example.com", at: later.addingTimeInterval(-60), on: db)
                try await IdempotencyRepository().save(
                    accountID: accountID, key: "old-key", fingerprint: "f", status: 201, body: Array("{}".utf8), on: db)
            }
            let housekeeping = Housekeeping(
                database: database, loginWindow: .seconds(15 * 60), logger: EmailWorld.logger, now: { later })
            let swept = try await housekeeping.sweep()
            #expect(swept == Housekeeping.Sweep(sessions: 1, loginAttempts: 1, idempotencyKeys: 1))
            let remaining = try await database.read { db in
                (
                    try await db.raw("SELECT COUNT(*) AS n FROM sessions").first()?.decode(column: "n", as: Int.self),
                    try await LoginAttemptRepository().failures(
                        key: "email:recent@example.com", since: start, on: db),
                    try await IdempotencyRepository().get(
                        accountID: accountID, key: "old-key", fingerprint: "f", on: db)
                )
            }
            #expect(remaining.0 == 1)
            #expect(remaining.1 == 1)
            #expect(remaining.2 == nil)
            // A second sweep finds nothing more.
            #expect(try await housekeeping.sweep() == Housekeeping.Sweep(sessions: 0, loginAttempts: 0, idempotencyKeys: 0))
        }
    }
}
