import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// Creates `count` tickets with varied priorities, statuses, assignees and tags; some share timestamps so the id
/// tie-break matters.
private func seed(_ database: Database, _ fixture: Fixture, count: Int) async throws -> [Ticket] {
    let clock = ManualClock()
    var tickets: [Ticket] = []
    for index in 0..<count {
        if index % 3 != 0 { clock.advance(1) }  // every third ticket shares the previous one's time
        let priority = TicketPriority.allCases[index % 4]
        var tags = ["all"]
        if index % 2 == 0 { tags.append("even") }
        let created = try await fixture.ticket(
            database, subject: "Ticket \(index)", email: "c\(index % 5)@list.test", priority: priority, tags: tags,
            operations: clock.operations)
        var ticket = created.ticket
        if index % 4 == 1 {
            clock.advance(1)
            let id = ticket.id
            ticket = try await database.write { db in
                try await clock.operations.update(
                    accountID: fixture.account.id, id: id,
                    changes: TicketChanges(status: .open, assigneeID: .some(fixture.agent.id)),
                    actor: fixture.agentActor, on: db
                ).ticket
            }
        }
        tickets.append(ticket)
    }
    return tickets
}

private func expected(_ tickets: [Ticket], _ sort: TicketSort) -> [Int64] {
    tickets.sorted { lhs, rhs in
        let l = TicketRepository.sortValue(lhs, sort)
        let r = TicketRepository.sortValue(rhs, sort)
        return sort.isDescending ? (l, lhs.id) > (r, rhs.id) : (l, lhs.id) < (r, rhs.id)
    }.map(\.id)
}

private func walk(
    _ database: Database, _ query: TicketQuery, accountID: Int64
) async throws -> (ids: [Int64], pages: Int) {
    var query = query
    var ids: [Int64] = []
    var pages = 0
    while true {
        let current = query
        let page = try await database.read { db in
            try await TicketRepository().list(current, accountID: accountID, on: db)
        }
        ids += page.items.map(\.id)
        pages += 1
        guard let next = page.nextCursor else { break }
        #expect(page.items.count == query.limit)
        query.cursor = next
        if pages > 200 { Issue.record("pagination does not end"); break }
    }
    return (ids, pages)
}

@Suite("Ticket lists (keyset pagination)")
struct TicketListTests {
    @Test("every sort walks all tickets exactly once, in order", arguments: TestDatabase.all)
    func everySort(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let tickets = try await seed(database, fixture, count: 23)
            for sort in TicketSort.allCases {
                for limit in [1, 5, 23, 100] {
                    let (ids, pages) = try await walk(database, TicketQuery(sort: sort, limit: limit),
                                                      accountID: fixture.account.id)
                    #expect(ids == expected(tickets, sort), "sort \(sort.rawValue) limit \(limit)")
                    #expect(Set(ids).count == 23)
                    #expect(pages == (23 + limit - 1) / limit)
                }
            }
        }
    }

    @Test("filters combine with pagination", arguments: TestDatabase.all)
    func filters(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let tickets = try await seed(database, fixture, count: 20)
            let accountID = fixture.account.id
            func check(_ query: TicketQuery, _ predicate: (Ticket) -> Bool) async throws {
                var query = query
                query.limit = 3
                let (ids, _) = try await walk(database, query, accountID: accountID)
                #expect(ids == expected(tickets.filter(predicate), query.sort), "\(query)")
            }
            try await check(TicketQuery(statuses: [.open])) { $0.status == .open }
            try await check(TicketQuery(statuses: [.new, .open], sort: .priorityDesc)) { _ in true }
            try await check(TicketQuery(priorities: [.urgent, .low], sort: .updatedAsc)) {
                $0.priority == .urgent || $0.priority == .low
            }
            try await check(TicketQuery(assigneeIDs: [fixture.agent.id])) { $0.assigneeID == fixture.agent.id }
            try await check(TicketQuery(unassigned: true, sort: .createdAsc)) { $0.assigneeID == nil }
            try await check(TicketQuery(assigneeIDs: [fixture.agent.id], unassigned: true)) { _ in true }
            try await check(TicketQuery(tags: ["even"], sort: .priorityAsc)) { $0.tags.contains("even") }
            // Several tags: a ticket must carry all of them.
            try await check(TicketQuery(tags: ["EVEN", "all"])) { $0.tags.contains("even") }
            try await check(TicketQuery(tags: ["even", "absent"])) { _ in false }
            try await check(TicketQuery(statuses: [.open], tags: ["even"])) {
                $0.status == .open && $0.tags.contains("even")
            }
            try await check(TicketQuery(requesterIDs: [tickets[0].requesterID])) {
                $0.requesterID == tickets[0].requesterID
            }
            try await check(TicketQuery(inboxIDs: [fixture.inbox.id])) { _ in true }
            try await check(TicketQuery(teamIDs: [fixture.team.id])) { $0.teamID == fixture.team.id }
            let middle = tickets[10].createdAt
            try await check(TicketQuery(createdAfter: middle)) { $0.createdAt >= middle }
            try await check(TicketQuery(createdBefore: middle, sort: .createdAsc)) { $0.createdAt < middle }
            let updatedMiddle = tickets[5].updatedAt
            try await check(TicketQuery(updatedAfter: updatedMiddle, updatedBefore: tickets[15].updatedAt)) {
                $0.updatedAt >= updatedMiddle && $0.updatedAt < tickets[15].updatedAt
            }
            try await check(TicketQuery(types: [.incident])) { $0.type == .incident }
        }
    }

    @Test("malformed, tampered and foreign cursors are invalid input", arguments: TestDatabase.all)
    func badCursor(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            _ = try await seed(database, fixture, count: 4)
            let accountID = fixture.account.id
            let page = try await database.read { db in
                try await TicketRepository().list(TicketQuery(limit: 2), accountID: accountID, on: db)
            }
            let cursor = try #require(page.nextCursor)
            let otherSort = Secrets.base64URL(Array(#"{"s":"updated_asc","v":1,"i":1}"#.utf8))
            let badJSON = Secrets.base64URL(Array("{not json".utf8))
            let wrongTypes = Secrets.base64URL(Array(#"{"s":"created_desc","v":"x","i":1}"#.utf8))
            for bad in ["", "!!!", "a", cursor + "x", String(cursor.dropLast(3)), otherSort, badJSON, wrongTypes,
                        String(repeating: "A", count: 2000), "' OR 1=1 --"] {
                await expectError(.invalidInput, field: "cursor") {
                    _ = try await database.read { db in
                        try await TicketRepository().list(TicketQuery(limit: 2, cursor: bad), accountID: accountID,
                                                          on: db)
                    }
                }
            }
            await expectError(.invalidInput, field: "limit") {
                _ = try await database.read { db in
                    try await TicketRepository().list(TicketQuery(limit: 101), accountID: accountID, on: db)
                }
            }
        }
    }
}

@Suite("Ticket counters")
struct TicketCounterTests {
    @Test("maintained counters match the tickets after a sequence of changes", arguments: TestDatabase.all)
    func countersMatch(_ kind: TestDatabase) async throws {
        try await withTestDatabase(kind) { database in
            let fixture = try await Fixture.make(database)
            let accountID = fixture.account.id
            let operations = TicketOperations()
            var tickets: [Ticket] = []
            for index in 0..<8 { tickets.append(try await fixture.ticket(database, subject: "T\(index)").ticket) }
            let ids = tickets.map(\.id)
            let steps: [(Int, TicketChanges)] = [
                (0, TicketChanges(status: .open, assigneeID: .some(fixture.agent.id))),
                (1, TicketChanges(teamID: .some(fixture.team.id))),
                (2, TicketChanges(status: .pending, assigneeID: .some(fixture.owner.id),
                                  teamID: .some(fixture.team.id))),
                (0, TicketChanges(status: .solved)),
                (3, TicketChanges(status: .closed)),
                (2, TicketChanges(assigneeID: .some(fixture.agent.id))),
                (4, TicketChanges(status: .onHold)),
                (1, TicketChanges(assigneeID: .some(fixture.owner.id), teamID: .some(nil))),
                (0, TicketChanges(status: .open)),
            ]
            for (index, changes) in steps {
                _ = try await database.write { db in
                    try await operations.update(accountID: accountID, id: ids[index], changes: changes,
                                                actor: fixture.agentActor, on: db)
                }
            }
            let merged = try await database.write { db in
                try await operations.merge(accountID: accountID, sourceID: ids[5], into: ids[6],
                                           actor: .system, on: db)
            }
            #expect(merged.source.status == .closed)
            _ = try await database.write { db in
                try await operations.addMessage(
                    accountID: accountID, ticketID: ids[7],
                    NewMessage(kind: .outbound, channel: .email, authorKind: .user, authorID: fixture.agent.id,
                               text: "done", statusAfterReply: .solved),
                    actor: fixture.agentActor, on: db)
            }
            let maintained = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: accountID, on: db)
            }
            let all = try await database.read { db in
                try await TicketRepository().list(TicketQuery(limit: 100), accountID: accountID, on: db).items
            }
            var expected = TicketCounts()
            for ticket in all {
                expected.byStatus[ticket.status, default: 0] += 1
                guard ticket.status.isUnsolved else { continue }
                if let assignee = ticket.assigneeID { expected.byAssignee[assignee, default: 0] += 1 } else {
                    expected.unassignedUnsolved += 1
                }
                if let team = ticket.teamID { expected.byTeam[team, default: 0] += 1 }
            }
            #expect(maintained == expected)
            #expect(maintained.byStatus[.closed] == 2)
            #expect(maintained.byStatus[.solved] == 1)
            #expect(maintained.unsolved == 5)
            try await database.write { db in try await TicketCounterRepository().rebuild(accountID: accountID, on: db) }
            let rebuilt = try await database.read { db in
                try await TicketCounterRepository().counts(accountID: accountID, on: db)
            }
            #expect(rebuilt == expected)
        }
    }
}
