import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import SwitchboardCore
import SwitchboardStorage
import Testing

@testable import SwitchboardServer

@Suite("Realtime across instances (PostgreSQL)")
struct RealtimeClusterTests {
    @Test("an event written through one instance reaches a WebSocket client of another")
    func eventCrossesInstances() async throws {
        _ = try await RTFixtures.withFreshPostgres("eventCrossesInstances") { url in
            let directory = try RTFixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let setup = try await RTServerSetup.make(directory: directory, databaseURL: url)
            let writer = try await buildApplication(setup.settings, logger: RTFixtures.logger)
            let reader = try await buildApplication(setup.settings, logger: RTFixtures.logger)
            try await writer.test(.live) { writerClient in
                try await reader.test(.live) { readerClient in
                    let port = try #require(readerClient.port)
                    #expect(port != writerClient.port)
                    let ticketID = RTBox<Int64>(0)
                    let events = try await RTStreamClient.collectEvents(
                        port: port, headers: setup.bearer,
                        trigger: { ticketID.value = try await setup.createTicket(writerClient, subject: "Cross") },
                        done: { $0.contains { $0["type"] as? String == EventType.ticketCreated } })
                    let created = try #require(events.first { $0["type"] as? String == EventType.ticketCreated })
                    #expect((created["ticket_id"] as? NSNumber)?.int64Value == ticketID.value)
                    // Delivered once even though the reader heard of it only through NOTIFY.
                    let ids = events.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                    #expect(Set(ids).count == ids.count)
                }
            }
        }
    }

    @Test("after the LISTEN connection is killed, the hub reconnects and events still arrive")
    func listenerReconnects() async throws {
        _ = try await RTFixtures.withFreshPostgres("listenerReconnects") { url in
            let directory = try RTFixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let setup = try await RTServerSetup.make(directory: directory, databaseURL: url)
            let writer = try await buildApplication(setup.settings, logger: RTFixtures.logger)
            let reader = try await buildApplication(setup.settings, logger: RTFixtures.logger)
            try await writer.test(.live) { writerClient in
                try await reader.test(.live) { readerClient in
                    let port = try #require(readerClient.port)
                    let first = RTBox<Int64>(0)
                    let second = RTBox<Int64>(0)
                    func created(_ box: RTBox<Int64>) -> @Sendable ([[String: Any]]) -> Bool {
                        { events in
                            events.contains {
                                $0["type"] as? String == EventType.ticketCreated
                                    && ($0["ticket_id"] as? NSNumber)?.int64Value == box.value
                            }
                        }
                    }
                    let events = try await RTStreamClient.collectEvents(
                        port: port, headers: setup.bearer,
                        steps: [
                            .init(
                                trigger: { first.value = try await setup.createTicket(writerClient, subject: "One") },
                                done: created(first)),
                            .init(
                                trigger: {
                                    let killed = try await Self.terminateListeners(url)
                                    #expect(killed >= 2)  // both instances listen
                                    second.value = try await setup.createTicket(writerClient, subject: "Two")
                                },
                                done: created(second)),
                        ])
                    #expect(created(second)(events))
                }
            }
        }
    }

    /// Terminates every backend of this database that is LISTENing; returns how many.
    static func terminateListeners(_ url: String) async throws -> Int {
        let name = String(URLComponents(string: url)?.path.dropFirst() ?? "")
        let count = RTBox(0)
        try await RTFixtures.administer(url) { db in
            let rows = try await db.raw("""
                SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
                WHERE datname = \(bind: name) AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()
                """).all()
            count.value = rows.count
        }
        return count.value
    }
}
