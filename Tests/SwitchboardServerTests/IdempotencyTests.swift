import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import SwitchboardServer

@Suite("Idempotency-Key on creating POSTs")
struct IdempotencyTests {
    static let key = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    /// Every creating POST with a valid body (as the owner of tenant A).
    static func creations(_ world: TestWorld, ticketID: Int64, otherTicketID: Int64, contactID: Int64)
        -> [(path: String, json: String, other: String)]
    {
        [
            ("/api/v1/tickets", Bodies.ticket(subject: "one"), Bodies.ticket(subject: "two")),
            ("/api/v1/tickets/\(ticketID)/replies", #"{"body": "r1"}"#, #"{"body": "r2"}"#),
            ("/api/v1/tickets/\(ticketID)/notes", #"{"body": "n1"}"#, #"{"body": "n2"}"#),
            ("/api/v1/contacts", #"{"name": "C", "email": "idem@c.example"}"#, #"{"name": "D", "email": "idem2@c.example"}"#),
            ("/api/v1/organizations", #"{"name": "Org idem"}"#, #"{"name": "Org idem 2"}"#),
            ("/api/v1/inboxes", #"{"name": "Idem inbox", "channel": "email"}"#, #"{"name": "Idem 2", "channel": "chat"}"#),
            ("/api/v1/users", #"{"email": "idem@a.example.com", "name": "I", "role": "agent"}"#,
             #"{"email": "idem2@a.example.com", "name": "J", "role": "agent"}"#),
            ("/api/v1/teams", #"{"name": "Idem team"}"#, #"{"name": "Idem team 2"}"#),
            ("/api/v1/tokens", #"{"name": "idem"}"#, #"{"name": "idem 2"}"#),
            ("/api/v1/tickets/\(otherTicketID)/merge", #"{"target_id": \#(ticketID)}"#, #"{"target_id": 999999}"#),
            ("/api/v1/contacts/\(contactID)/merge", #"{"source_id": 999998}"#, #"{"source_id": 999997}"#),
        ]
    }

    @Test(arguments: TestBackend.all)
    func retriesReplayTheFirstAnswerAndCreateOnce(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let owner = world.a.owner
            let ticket = try await TicketTests.create(api, as: owner)
            let other = try await TicketTests.create(api, as: owner, json: Bodies.ticket(subject: "to merge"))
            for (index, creation) in Self.creations(world, ticketID: ticket.id, otherTicketID: other.id,
                                                     contactID: ticket.requesterID).enumerated()
                where !creation.path.hasPrefix("/api/v1/contacts/")
            {
                let key = "key-\(index)-\(UUID().uuidString)"
                let first = try await api.send(.post, creation.path, as: owner, json: creation.json, headers: [Self.key: key])
                #expect(first.status.code < 300, "\(creation.path): \(first.text)")
                let snapshot = try await AccountSnapshot.take(world.a.account.id, database: world.database)
                let second = try await api.send(.post, creation.path, as: owner, json: creation.json, headers: [Self.key: key])
                #expect(second.status == first.status, "\(creation.path)")
                #expect(second.headers[Self.replayed] == "true", "\(creation.path)")
                #expect(first.headers[Self.replayed] == nil)
                if creation.path != "/api/v1/tokens" {
                    #expect(second.text == first.text, "\(creation.path)")
                } else {
                    #expect(second.text.contains(#""secret":null"#), "secrets are never stored for replay")
                }
                #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == snapshot,
                        "\(creation.path): a replay wrote something")
                let mismatch = try await api.send(
                    .post, creation.path, as: owner, json: creation.other, headers: [Self.key: key])
                expectError(mismatch, .conflict, code: "conflict")
                #expect(try await AccountSnapshot.take(world.a.account.id, database: world.database) == snapshot)
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func failedRequestsAreNotRemembered(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let key: HTTPFields = [Self.key: "retry-after-fix"]
            let bad = try await api.send(.post, "/api/v1/tickets", as: world.a.agent, json: #"{"subject": ""}"#, headers: key)
            #expect(bad.status == .badRequest)
            let good = try await api.send(.post, "/api/v1/tickets", as: world.a.agent, json: Bodies.ticket(), headers: key)
            #expect(good.status == .created)
            #expect(good.headers[Self.replayed] == nil)
        }
    }

    @Test(arguments: TestBackend.all)
    func keysAreScopedPerAccountAndValidated(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let key: HTTPFields = [Self.key: "shared-key"]
            let a = try await api.send(.post, "/api/v1/tickets", as: world.a.agent, json: Bodies.ticket(), headers: key)
            let b = try await api.send(.post, "/api/v1/tickets", as: world.b.agent, json: Bodies.ticket(), headers: key)
            #expect(a.status == .created)
            #expect(b.status == .created)
            #expect(b.headers[Self.replayed] == nil)
            #expect(try a.decode(TicketWire.self).id != b.decode(TicketWire.self).id)
            for bad in ["", String(repeating: "k", count: 256), "tab\tkey", "é"] {
                let response = try await api.send(
                    .post, "/api/v1/tickets", as: world.a.agent, json: Bodies.ticket(), headers: [Self.key: bad])
                expectError(response, .badRequest, code: "invalid_input", field: "Idempotency-Key")
            }
        }
    }

    @Test(arguments: TestBackend.all)
    func concurrentRetriesCreateOnce(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let key: HTTPFields = [Self.key: "concurrent"]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await api.send(.post, "/api/v1/tickets", as: world.a.agent, json: Bodies.ticket(), headers: key)
                            .status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.contains(201))
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
            let snapshot = try await AccountSnapshot.take(world.a.account.id, database: world.database)
            #expect(snapshot.tickets.count == 1)
        }
    }
}
