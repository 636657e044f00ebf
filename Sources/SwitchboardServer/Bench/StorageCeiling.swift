import Foundation
import SwitchboardCore
import SwitchboardStorage

/// The storage ceiling of ticket creation: the same rows the API's create writes (ticket, first message, search
/// document, counters, events), written with ``TicketOperations`` in one transaction each, with no HTTP.
public enum StorageCeiling {
    public static func createTickets(
        database: Database, targets: BenchTargets, workers: Int, duration: Duration
    ) async -> LoadLoop.Outcome {
        await LoadLoop.run(workers: workers, duration: duration) { worker, iteration in
            let pick = worker &* 7_919 &+ iteration
            let requester = targets.requesterIDs[pick % max(targets.requesterIDs.count, 1)]
            let new = NewTicket(
                accountID: targets.accountID, subject: "Storage ticket \(worker)-\(iteration)",
                body: "Hello, my invoice shows the wrong amount for this month. Order \(pick).",
                channel: .api, requesterID: requester, tags: ["bench"], actor: .system)
            _ = try await database.write { db in try await TicketOperations().create(new, on: db).ticket.id }
        }
    }
}
