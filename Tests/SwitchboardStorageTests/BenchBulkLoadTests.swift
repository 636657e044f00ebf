import Foundation
import SQLKit
import SwitchboardCore
import Testing

@testable import SwitchboardStorage

/// The bulk loader writes exactly what the normal write path writes: the same dataset loaded both ways gives the
/// same rows (tickets, tags, messages, search documents, events, counters, contacts) and the same search hits.
@Suite("Bench dataset and bulk loader")
struct BenchBulkLoadTests {
    static let spec = BenchDatasetSpec(tickets: 240, seed: 7, longThreadMessages: 30)

    @Test("bulk load and the normal write path leave identical rows", arguments: TestDatabase.all)
    func bulkEqualsNormalPath(_ kind: TestDatabase) async throws {
        let generator = DatasetGenerator(spec: Self.spec)
        let directory = generator.directory()
        let scripts = generator.tickets(0..<Self.spec.tickets)
        try await withTestDatabase(kind) { bulk in
            try await withTestDatabase(kind) { normal in
                let bulkIDs = try await BulkLoader(batchSize: 70).loadDirectory(directory, into: bulk)
                let stats = try await BulkLoader(batchSize: 70).loadTickets(
                    generator, range: 0..<Self.spec.tickets, ids: bulkIDs, into: bulk)
                let normalIDs = try await DatasetReplay().loadDirectory(directory, into: normal)
                for script in scripts { try await DatasetReplay().write(script, ids: normalIDs, into: normal) }

                #expect(stats.tickets == Self.spec.tickets)
                #expect(bulkIDs.contactIDs == normalIDs.contactIDs)
                for (table, order, columns) in Self.comparedTables {
                    let left = try await Self.dump(table, order: order, columns: columns, from: bulk)
                    let right = try await Self.dump(table, order: order, columns: columns, from: normal)
                    #expect(left.count == right.count, "row count of \(table)")
                    #expect(!left.isEmpty, "\(table) has rows")
                    for (index, (a, b)) in zip(left, right).enumerated() where a != b {
                        Issue.record("\(table) row \(index) differs:\n bulk:   \(a)\n normal: \(b)")
                        break
                    }
                }
                let bulkIndex = try await Self.dumpSearchIndex(bulk)
                let normalIndex = try await Self.dumpSearchIndex(normal)
                #expect(bulkIndex.count == normalIndex.count, "entries of the search index")
                #expect(!bulkIndex.isEmpty, "the search index has entries")
                for (index, (a, b)) in zip(bulkIndex, normalIndex).enumerated() where a != b {
                    Issue.record("search index entry \(index) differs:\n bulk:   \(a)\n normal: \(b)")
                    break
                }
                // Counter rows summed over their shards (which shard a write lands in depends on the connection),
                // including the rows a net zero leaves; and the next ticket number.
                let counterRows = try await Self.counterRows(bulk)
                #expect(counterRows == (try await Self.counterRows(normal)))
                #expect(!counterRows.isEmpty)
                let bulkNext = try await bulk.read { db in
                    try await TicketNumbers.peek(accountID: bulkIDs.accountID, on: db)
                }
                #expect(bulkNext == (try await normal.read { db in
                    try await TicketNumbers.peek(accountID: normalIDs.accountID, on: db)
                }))
                #expect(bulkNext == Int64(Self.spec.tickets) + 1)
                #expect(stats.messages == (try await Self.count("messages", in: bulk)))
                #expect(stats.events == (try await Self.count("events", in: bulk)))
                let bulkCounts = try await bulk.read { db in
                    try await TicketCounterRepository().counts(accountID: bulkIDs.accountID, on: db)
                }
                let normalCounts = try await normal.read { db in
                    try await TicketCounterRepository().counts(accountID: normalIDs.accountID, on: db)
                }
                #expect(bulkCounts == normalCounts)
                #expect(bulkCounts.byStatus.values.reduce(0, +) == Self.spec.tickets)
                let words = ["account", "refund", "Agent", DatasetGenerator.orderNumber(ticket: 17, seed: 7)]
                for word in words {
                    let left = try await bulk.read { db in
                        try await SearchRepository().search(accountID: bulkIDs.accountID, text: word, on: db)
                    }
                    let right = try await normal.read { db in
                        try await SearchRepository().search(accountID: normalIDs.accountID, text: word, on: db)
                    }
                    #expect(left.map(\.ticket.id) == right.map(\.ticket.id), "hits for \(word)")
                    #expect(!left.isEmpty, "\(word) is found")
                }
                let rare = try await bulk.read { db in
                    try await SearchRepository().search(
                        accountID: bulkIDs.accountID, text: DatasetGenerator.orderNumber(ticket: 17, seed: 7), on: db)
                }
                #expect(rare.map(\.ticket.number) == [18])
                // A normal write after a bulk load gets fresh ids and the next number.
                let after = try await bulk.write { db in
                    try await TicketOperations().create(
                        NewTicket(accountID: bulkIDs.accountID, subject: "After the load", body: "Hello",
                                  channel: .email, requesterID: bulkIDs.contactIDs[0], actor: .system), on: db)
                }
                #expect(after.ticket.number == Int64(Self.spec.tickets) + 1)
                // The indexes a load into an empty SQLite database drops and creates again are all back, unchanged.
                let bulkSchema = try await Self.schema(of: bulk)
                #expect(bulkSchema == (try await Self.schema(of: normal)))
                #expect(bulkSchema.contains { $0.hasPrefix("ix_events_ticket ") })
            }
        }
    }

    @Test("a load into a database that already holds tickets keeps its indexes in place")
    func loadIntoFilledDatabaseKeepsIndexes() async throws {
        try await withTestDatabase(.sqlite) { database in
            let generator = DatasetGenerator(spec: BenchDatasetSpec(tickets: 20, seed: 3))
            let ids = try await BulkLoader(batchSize: 10).loadDirectory(generator.directory(), into: database)
            _ = try await BulkLoader(batchSize: 10).loadTickets(generator, range: 0..<10, ids: ids, into: database)
            let dropped = try await database.write { db in try await SQLiteDeferredIndexes.dropIfEmpty(on: db) }
            #expect(dropped == nil)
            let before = try await Self.schema(of: database)
            _ = try await BulkLoader(batchSize: 10).loadTickets(generator, range: 10..<20, ids: ids, into: database)
            #expect(try await Self.schema(of: database) == before)
            #expect(try await Self.count("tickets", in: database) == 20)
        }
    }

    @Test("a database without tickets has its non-unique indexes dropped, and they come back unchanged")
    func emptyDatabaseDefersItsIndexes() async throws {
        try await withTestDatabase(.sqlite) { database in
            let migrated = try await Self.schema(of: database)
            let deferred = try await database.write { db in try await SQLiteDeferredIndexes.dropIfEmpty(on: db) }
            let names = try #require(deferred).definitions.map(\.name)
            for expected in ["ix_events_ticket", "ix_tickets_created", "ix_messages_ticket", "ix_ticket_tags_tag"] {
                #expect(names.contains(expected), "\(expected) is deferred")
            }
            #expect(!names.contains { $0.hasPrefix("uq_") || $0.hasPrefix("sqlite_autoindex") }, "unique ones stay")
            let during = try await Self.schema(of: database)
            #expect(during.count == migrated.count - names.count)
            #expect(!during.contains { $0.hasPrefix("ix_events_ticket ") })
            #expect(during.contains { $0.hasPrefix("uq_tickets_number ") })
            let indexes = try #require(deferred)
            try await database.write { db in try await indexes.create(on: db) }
            #expect(try await Self.schema(of: database) == migrated)
        }
    }

    @Test("a load that fails after dropping the indexes puts them back")
    func failedLoadRestoresIndexes() async throws {
        try await withTestDatabase(.sqlite) { database in
            let generator = DatasetGenerator(spec: BenchDatasetSpec(tickets: 20, seed: 5))
            var ids = try await BulkLoader(batchSize: 10).loadDirectory(generator.directory(), into: database)
            let migrated = try await Self.schema(of: database)
            // Requesters that do not exist: the first batch's ticket INSERT fails on the foreign key.
            ids.contactIDs = ids.contactIDs.map { $0 + 1_000_000 }
            await #expect(throws: (any Error).self) {
                _ = try await BulkLoader(batchSize: 10).loadTickets(generator, range: 0..<20, ids: ids, into: database)
            }
            #expect(try await Self.schema(of: database) == migrated)
            #expect(try await Self.count("tickets", in: database) == 0)
        }
    }

    /// Every index of the database with its definition, by name.
    static func schema(of database: Database) async throws -> [String] {
        try await database.read { db in
            let sql: SQLQueryString = db.isPostgres
                ? "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema()"
                : "SELECT name, COALESCE(sql, '') AS sql FROM sqlite_master WHERE type = 'index'"
            return try await db.raw(sql + " ORDER BY name").all().map {
                "\(try $0.decode(column: "name", as: String.self)) \(try $0.decode(column: "sql", as: String.self))"
            }
        }
    }

    @Test("the generator is deterministic and looks like a help desk")
    func generatorShape() {
        let spec = BenchDatasetSpec(tickets: 3_000, seed: 11)
        let generator = DatasetGenerator(spec: spec)
        #expect(generator.tickets(100..<120) == DatasetGenerator(spec: spec).tickets(100..<120))
        #expect(generator.ticket(5) != DatasetGenerator(spec: BenchDatasetSpec(tickets: 3_000, seed: 12)).ticket(5))
        let directory = generator.directory()
        #expect(directory.agents.count == 50)
        #expect(Set(directory.agents.map(\.team)).count == 5)
        #expect(Set(directory.contacts.map(\.email)).count == directory.contacts.count)
        let scripts = generator.tickets(0..<spec.tickets)
        let messages = scripts.map { script in
            1 + script.steps.filter { if case .message = $0 { true } else { false } }.count
        }
        let ordinary = messages.enumerated().filter { $0.offset != spec.longThreadIndex }.map(\.element)
        let average = Double(ordinary.reduce(0, +)) / Double(ordinary.count)
        #expect(average > 2.4 && average < 4.0, "average messages \(average)")
        #expect(messages[spec.longThreadIndex ?? 0] == 200)
        let closed = scripts.filter { script in
            script.steps.contains { if case .setStatus(.closed, _, _) = $0 { true } else { false } }
        }
        #expect(Double(closed.count) > 0.6 * Double(spec.tickets), "closed \(closed.count)")
        #expect(closed.count < spec.tickets, "a live backlog remains")
        let ordered = zip(scripts, scripts.dropFirst()).allSatisfy {
            $0.createdAt <= $1.createdAt.addingTimeInterval(86_400)
        }
        #expect(ordered)
        #expect(scripts.allSatisfy { $0.createdAt >= spec.start && $0.createdAt < spec.end })
        let words = scripts.map { $0.body.contains(DatasetGenerator.orderNumber(ticket: $0.index, seed: 11)) }
        #expect(words.allSatisfy { $0 })
    }

    @Test("the JSON writer matches JSONEncoder byte for byte, and refuses what JSON cannot hold")
    func jsonMatchesEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func reference<T: Encodable>(_ value: T) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        var values: [JSONValue] = [
            [
                "b": 1, "c": .null,
                "a": .string("x/y \"quoted\" back\\slash\nline\ttab\u{01}\u{08}\u{0C}\u{1F}\u{7F} … é 😀"),
            ],
            .array([.bool(true), .bool(false), .number(1.5), .number(-3), .number(1e20), .number(0.1), .number(1e-5)]),
            ["ticket": ["id": 12, "tags": .array([.string("vip"), .string("2fa")])], "message_id": 99],
            ["changes": ["status": .array([.string("new"), .string("open")]), "assignee_id": .array([.null, 4])]],
            ["B": 1, "Z": 2, "_": 3, "a": 4, "a10": 5, "a2": 6, "é": 7, "ä": 8, "": 9],
            .object([:]), .array([]), .string(""), .number(-0.0), .number(9.0e15), .number(9_007_199_254_740_992), .number(-1e16), .number(-123456789.125),
        ]
        // Random documents: every kind of value, nested, keys and strings from a mixed alphabet.
        var generator = BenchRandom(seed: 7)
        let alphabet = Array("aZ_09 \"\\/\n\t\u{00}\u{1B}é€😀\u{2028}")
        func text() -> String {
            String((0..<Int.random(in: 0...6, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            })
        }
        func random(_ depth: Int) -> JSONValue {
            switch Int.random(in: depth > 2 ? 0...3 : 0...5, using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .number(Bool.random(using: &generator)
                ? Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
                : Double.random(in: -1e6...1e6, using: &generator))
            case 3: return .string(text())
            case 4: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth + 1) })
            default:
                return .object(Dictionary(
                    (0..<Int.random(in: 0...4, using: &generator)).map { _ in (text(), random(depth + 1)) },
                    uniquingKeysWith: { first, _ in first }))
            }
        }
        values += (0..<300).map { _ in random(0) }
        for value in values {
            let written = try JSONText.encode(value)
            #expect(written == (try reference(value)), "\(value)")
            #expect(try JSONText.decode(JSONValue.self, from: written) == value)
        }
        #expect(JSONText.encode(["a", "b\"c", "/\n"]) == (try reference(["a", "b\"c", "/\n"])))
        #expect(JSONWriter.emptyObject == (try reference([String: CustomFieldValue]())))
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try JSONText.encode(["n": .number(number)] as JSONValue) }
        }
    }

    // MARK: - Helpers

    enum Column { case int(String), text(String) }

    static let comparedTables: [(String, String, [Column])] = [
        ("tickets", "id", [
            .int("id"), .int("account_id"), .int("number"), .text("subject"), .text("status"), .int("priority"),
            .text("type"), .text("channel"), .int("inbox_id"), .int("requester_id"), .int("organization_id"),
            .int("assignee_id"), .int("team_id"), .text("tags"), .text("custom_fields"), .int("merged_into_id"),
            .int("follow_up_of_id"), .int("created_at"), .int("updated_at"), .int("first_response_at"),
            .int("solved_at"), .int("waiting_since"), .int("reopen_count"), .text("last_message_preview"),
            .int("message_count"),
        ]),
        ("ticket_tags", "ticket_id, tag", [.int("account_id"), .int("ticket_id"), .text("tag")]),
        ("messages", "id", [
            .int("id"), .int("account_id"), .int("ticket_id"), .text("kind"), .text("channel"), .text("author_kind"),
            .int("author_id"), .text("text"), .text("html"), .text("external_id"), .text("delivery_status"),
            .text("delivery_error"), .int("created_at"),
        ]),
        ("events", "id", [
            .int("id"), .int("account_id"), .text("type"), .int("ticket_id"), .text("actor_kind"), .int("actor_id"),
            .text("payload"), .int("created_at"),
        ]),
        ("contacts", "id", [.int("id"), .int("account_id"), .text("name"), .int("organization_id"), .text("notes")]),
        ("contact_identities", "contact_id, kind", [.int("contact_id"), .text("kind"), .text("value")]),
    ]

    static func dump(_ table: String, order: String, columns: [Column], from database: Database) async throws
        -> [String]
    {
        try await database.read { db in
            let rows = try await db.raw("SELECT * FROM \(ident: table) ORDER BY \(unsafeRaw: order)").all()
            return try rows.map { row in
                try columns.map { column -> String in
                    switch column {
                    case .int(let name):
                        "\(name)=\(try row.decode(column: name, as: Int64?.self).map(String.init) ?? "nil")"
                    case .text(let name): "\(name)=\(try row.decode(column: name, as: String?.self) ?? "nil")"
                    }
                }.joined(separator: " | ")
            }
        }
    }

    /// The search index's contents: PostgreSQL's stored documents; on SQLite (contentless FTS5, no stored text)
    /// every indexed word with its ticket, column and position, read through an `fts5vocab` table.
    static func dumpSearchIndex(_ database: Database) async throws -> [String] {
        if try await database.read({ db in db.isPostgres }) {
            return try await dump("search_documents", order: "ticket_id",
                                  columns: [.int("ticket_id"), .int("account_id"), .text("subject"), .text("body")],
                                  from: database)
        }
        return try await database.write { db in
            try await db.raw("""
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.ticket_fts_instances
                USING fts5vocab(main, ticket_fts, instance)
                """).run()
            let rows = try await db.raw("""
                SELECT term, doc, col, "offset" FROM temp.ticket_fts_instances ORDER BY doc, col, "offset"
                """).all()
            return try rows.map { row in
                let doc = try row.decode(column: "doc", as: Int64.self)
                let column = try row.decode(column: "col", as: String.self)
                let offset = try row.decode(column: "offset", as: Int64.self)
                return "\(doc) \(column) \(offset) \(try row.decode(column: "term", as: String.self))"
            }
        }
    }

    static func counterRows(_ database: Database) async throws -> [String] {
        try await database.read { db in
            try await db.raw("""
                SELECT account_id, dimension, key, CAST(SUM(count) AS BIGINT) AS total FROM ticket_counters
                GROUP BY account_id, dimension, key ORDER BY account_id, dimension, key
                """).all().map { row in
                let account = try row.decode(column: "account_id", as: Int64.self)
                let dimension = try row.decode(column: "dimension", as: String.self)
                let key = try row.decode(column: "key", as: String.self)
                return "\(account) \(dimension) \(key) \(try row.decode(column: "total", as: Int64.self))"
            }
        }
    }

    static func count(_ table: String, in database: Database) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }
}
