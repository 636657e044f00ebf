import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Jobs API")
struct JobsAPITests {
    @Test("admins see their account's jobs; other accounts' jobs are 404; agents get 403; bad input 400")
    func jobsEndpoints() async throws {
        let directory = try RTFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let acme = try await RTServerSetup.make(directory: directory, accountName: "Acme")
        let globex = try await RTServerSetup.make(directory: directory, accountName: "Globex")
        let location = try DatabaseLocation(url: acme.settings.databaseURL)
        let (mine, theirs, agentToken) = try await Database.with(location, logger: RTFixtures.logger) { database in
            try await database.write { db in
                let users = UserRepository()
                guard let owner = try await users.getForLogin(email: acme.email, on: db)?.user,
                    let other = try await users.getForLogin(email: globex.email, on: db)?.user
                else { throw SwitchboardError.notFound("owner") }
                let jobs = JobRepository()
                let mine = try await jobs.enqueue(
                    accountID: owner.accountID, kind: "test.unhandled", payload: ["to": "a@example.com"], runAt: Date(),
                    on: db)
                let theirs = try await jobs.enqueue(
                    accountID: other.accountID, kind: "test.unhandled", payload: [:], runAt: Date(), on: db)
                let agent = try await users.create(
                    accountID: owner.accountID, email: "agent@example.com", name: "Agent", role: .agent,
                    passwordHash: nil, on: db)
                let token = try await APITokenRepository().create(
                    accountID: owner.accountID, userID: agent.id, name: "agent", on: db)
                return (mine, theirs, token.secret)
            }
        }
        let app = try await buildApplication(acme.settings, logger: RTFixtures.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/jobs", method: .get, headers: acme.bearer) { response in
                #expect(response.status == .ok)
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.compactMap { ($0["id"] as? NSNumber)?.int64Value } == [mine.id])
                #expect(items.first?["state"] as? String == "queued")
                #expect(items.first?["kind"] as? String == "test.unhandled")
                #expect(body["next_cursor"] is NSNull)
            }
            try await client.execute(uri: "/api/v1/jobs/\(mine.id)", method: .get, headers: acme.bearer) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""max_attempts":8"#))
            }
            try await client.execute(uri: "/api/v1/jobs/\(theirs.id)", method: .get, headers: acme.bearer) {
                response in
                #expect(response.status == .notFound)
            }
            for query in ["?state=sleeping", "?limit=0", "?limit=101", "?cursor=abc"] {
                try await client.execute(uri: "/api/v1/jobs\(query)", method: .get, headers: acme.bearer) { response in
                    #expect(response.status == .badRequest, "\(query)")
                }
            }
            try await client.execute(uri: "/api/v1/jobs?state=dead", method: .get, headers: acme.bearer) { response in
                #expect(String(buffer: response.body).contains(#""items":[]"#))
            }
            try await client.execute(uri: "/api/v1/jobs/abc", method: .get, headers: acme.bearer) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(
                uri: "/api/v1/jobs", method: .get, headers: [.authorization: "Bearer \(agentToken)"]
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/jobs", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("the jobs query parses state, limit and cursor, naming the bad field")
    func listQuery() throws {
        let query = try JobListQuery(state: "dead", limit: "10", cursor: "42")
        #expect(query == JobListQuery(state: .dead, limit: 10, after: 42))
        #expect(try JobListQuery(state: nil, limit: nil, cursor: nil) == JobListQuery())
        for (state, limit, cursor, field) in [
            ("x", nil, nil, "state"), (nil, "0", nil, "limit"), (nil, "1e2", nil, "limit"), (nil, nil, "-1", "cursor"),
            (nil, nil, "0", "cursor"),
        ] as [(String?, String?, String?, String)] {
            do {
                _ = try JobListQuery(state: state, limit: limit, cursor: cursor)
                Issue.record("accepted a bad \(field)")
            } catch let error as SwitchboardError {
                #expect(error.field == field)
            }
        }
    }
}
