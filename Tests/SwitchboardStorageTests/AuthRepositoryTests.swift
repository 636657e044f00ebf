import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

@Suite("Tokens, sessions, login attempts, idempotency")
struct AuthRepositoryTests {
    @Test("API tokens authenticate by secret; only the hash is stored; revoked and inactive fail",
          arguments: TestDatabase.all)
    func apiTokens(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let tokens = APITokenRepository()
            let accountID = fixture.account.id
            let (token, secret) = try await database.write { db in
                try await tokens.create(accountID: accountID, userID: fixture.agent.id, name: "CI", on: db)
            }
            #expect(secret.hasPrefix("sbt_"))
            #expect(secret.count == 4 + 43)
            #expect(secret.hasPrefix(token.prefix))
            let stored = try await database.read { db in
                try await db.raw("SELECT token_hash FROM api_tokens").all(decodingColumn: "token_hash", as: String.self)
            }
            #expect(stored == [Secrets.sha256Hex(secret)])
            #expect(!stored.contains(secret))

            let now = Date()
            let authenticated = try await database.read { db in try await tokens.authenticate(secret: secret, on: db) }
            #expect(authenticated?.user.id == fixture.agent.id)
            let found = try #require(authenticated?.token)
            #expect(found.lastUsedAt == nil)
            #expect(APITokenRepository.isUseStale(found, now: now))
            // The first use is recorded; a second within the granularity writes nothing; a later one does.
            #expect(try await database.write { db in try await tokens.recordUse(id: found.id, now: now, on: db) })
            let soon = now.addingTimeInterval(30)
            #expect(try await database.write { db in try await tokens.recordUse(id: found.id, now: soon, on: db) } == false)
            let used = try await database.read { db in try await tokens.authenticate(secret: secret, on: db) }
            let usedToken = try #require(used?.token)
            #expect(usedToken.lastUsedAt.map { abs($0.timeIntervalSince(now)) < 0.001 } == true)
            #expect(!APITokenRepository.isUseStale(usedToken, now: soon))
            let later = now.addingTimeInterval(120)
            #expect(APITokenRepository.isUseStale(usedToken, now: later))
            #expect(try await database.write { db in try await tokens.recordUse(id: found.id, now: later, on: db) })
            let again = try await database.read { db in try await tokens.authenticate(secret: secret, on: db) }
            #expect(again.flatMap { $0.token.lastUsedAt.map { abs($0.timeIntervalSince(later)) < 0.001 } } == true)
            #expect(try await database.read { db in
                try await tokens.authenticate(secret: secret + "x", on: db)
            } == nil)
            #expect(try await database.read { db in try await tokens.authenticate(secret: "garbage", on: db) } == nil)

            let (second, _) = try await database.write { db in
                try await tokens.create(accountID: accountID, userID: fixture.agent.id, name: "Zapier", on: db)
            }
            let listed = try await database.read { db in
                try await tokens.list(accountID: accountID, userID: fixture.agent.id, on: db)
            }
            #expect(listed.map(\.id) == [second.id, token.id])

            try await database.write { db in try await tokens.revoke(accountID: accountID, id: token.id, on: db) }
            #expect(try await database.read { db in try await tokens.authenticate(secret: secret, on: db) } == nil)
            await expectError(.notFound) {
                try await database.write { db in
                    try await tokens.revoke(accountID: accountID + 99, id: second.id, on: db)
                }
            }
            // A deactivated user's tokens stop working.
            let (third, thirdSecret) = try await database.write { db in
                try await tokens.create(accountID: accountID, userID: fixture.owner.id, name: "Owner", on: db)
            }
            #expect(third.userID == fixture.owner.id)
            _ = try await database.write { db in
                try await UserRepository().update(accountID: accountID, id: fixture.owner.id, isActive: false, on: db)
            }
            #expect(try await database.read { db in try await tokens.authenticate(secret: thirdSecret, on: db) } == nil)
        }
    }

    @Test("sessions: secret hashed, expiry honoured, logout deletes", arguments: TestDatabase.all)
    func sessions(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let sessions = SessionRepository()
            let now = Date()
            let expires = now.addingTimeInterval(3600)
            let created = try await database.write { db in
                try await sessions.create(userID: fixture.agent.id, accountID: fixture.account.id, expiresAt: expires,
                                          on: db)
            }
            #expect(created.secret != created.csrfToken)
            #expect(created.secret.count >= 43)
            let found = try await database.read { db in
                try await sessions.get(secret: created.secret, now: now, on: db)
            }
            #expect(found?.user.id == fixture.agent.id)
            #expect(found?.csrfToken == created.csrfToken)
            #expect(found.map { abs($0.expiresAt.timeIntervalSince(expires)) < 0.001 } == true)
            #expect(try await database.read { db in
                try await sessions.get(secret: created.secret, now: expires.addingTimeInterval(1), on: db)
            } == nil)
            let hashes = try await database.read { db in
                try await db.raw("SELECT secret_hash FROM sessions").all(decodingColumn: "secret_hash", as: String.self)
            }
            #expect(hashes == [Secrets.sha256Hex(created.secret)])
            #expect(try await database.write { db in
                try await sessions.deleteExpired(now: expires.addingTimeInterval(1), on: db)
            } == 1)
            let again = try await database.write { db in
                try await sessions.create(userID: fixture.agent.id, accountID: fixture.account.id, expiresAt: expires,
                                          on: db)
            }
            try await database.write { db in try await sessions.delete(secret: again.secret, on: db) }
            #expect(try await database.read { db in
                try await sessions.get(secret: again.secret, now: now, on: db)
            } == nil)
            await expectError(.invalidInput, field: "user_id") {
                _ = try await database.write { db in
                    try await sessions.create(userID: fixture.agent.id, accountID: fixture.account.id + 50,
                                              expiresAt: expires, on: db)
                }
            }
        }
    }

    @Test("failed logins are counted per key and window, and cleared", arguments: TestDatabase.all)
    func loginAttempts(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let attempts = LoginAttemptRepository()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            try await database.write { db in
                for minute in 0..<5 {
                    let at = start.addingTimeInterval(Double(minute) * 60)
                    try await attempts.recordFailure(key: "email:a@b.c", at: at, on: db)
                }
                try await attempts.recordFailure(key: "ip:10.0.0.1", at: start, on: db)
            }
            let recent = try await database.read { db in
                try await attempts.failures(key: "email:a@b.c", since: start.addingTimeInterval(120), on: db)
            }
            #expect(recent == 3)
            #expect(try await database.read { db in
                try await attempts.failures(key: "ip:10.0.0.1", since: start, on: db)
            }
                == 1)
            try await database.write { db in try await attempts.clear(key: "email:a@b.c", on: db) }
            #expect(try await database.read { db in
                try await attempts.failures(key: "email:a@b.c", since: start, on: db)
            }
                == 0)
        }
    }

    @Test("idempotency keys replay the first response and refuse a different request", arguments: TestDatabase.all)
    func idempotency(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let keys = IdempotencyRepository()
            let accountID = fixture.account.id
            #expect(try await database.read { db in
                try await keys.get(accountID: accountID, key: "k1", fingerprint: "f1", on: db)
            } == nil)
            let body = Array("{\"id\":1}".utf8) + [0, 255]
            try await database.write { db in
                try await keys.save(accountID: accountID, key: "k1", fingerprint: "f1", status: 201, body: body, on: db)
                // A concurrent retry saving again keeps the first response.
                try await keys.save(accountID: accountID, key: "k1", fingerprint: "f1", status: 500, body: [], on: db)
            }
            let stored = try await database.read { db in
                try await keys.get(accountID: accountID, key: "k1", fingerprint: "f1", on: db)
            }
            #expect(stored?.status == 201)
            #expect(stored?.body == body)
            await expectError(.conflict, field: "Idempotency-Key") {
                _ = try await database.read { db in
                    try await keys.get(accountID: accountID, key: "k1", fingerprint: "other", on: db)
                }
            }
            // Keys are per account.
            let other = try await database.write { db in try await AccountRepository().create(name: "B", on: db) }
            #expect(try await database.read { db in
                try await keys.get(accountID: other.id, key: "k1", fingerprint: "f1", on: db)
            } == nil)
            #expect(try await database.write { db in
                try await keys.deleteExpired(before: Date().addingTimeInterval(60), on: db)
            } == 1)
        }
    }
}
