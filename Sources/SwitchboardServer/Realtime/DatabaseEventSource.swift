import SwitchboardCore
import SwitchboardStorage

/// Reads events for the realtime hub and the stream's catch-up from the database.
public struct DatabaseEventSource: RealtimeEventSource {
    private let database: Database
    private let events = EventRepository()

    public init(database: Database) {
        self.database = database
    }

    public func event(id: Int64) async throws -> Event? {
        try await database.read { db in try await events.get(id: id, on: db) }
    }

    public func events(accountID: Int64, afterID: Int64, limit: Int) async throws -> [Event] {
        try await database.read { db in
            try await events.list(accountID: accountID, afterID: afterID, limit: limit, on: db)
        }
    }
}
