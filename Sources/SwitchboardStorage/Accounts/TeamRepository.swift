import Foundation
import SQLKit
import SwitchboardCore

/// Teams and their members.
public struct TeamRepository: Sendable {
    public init() {}

    /// Creates a team; members must be users of the account (`.invalidInput`, field `member_ids`);
    /// `.conflict` (field `name`) when the account already has a team with this name.
    public func create(
        accountID: Int64, name: String, memberIDs: [Int64] = [], on db: any SQLDatabase
    ) async throws -> Team {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let members = try await checkedMembers(accountID: accountID, memberIDs, on: db)
        let now = Date().storageMicros
        guard let row = try await db.raw("""
            INSERT INTO teams (account_id, name, created_at) VALUES (\(bind: accountID), \(bind: name), \(bind: now))
            RETURNING id
            """).first()
        else { throw SwitchboardError(.internalError, "team was not created") }
        let id: Int64 = try row.value("id")
        try await replaceMembers(accountID: accountID, teamID: id, members, on: db)
        return Team(id: id, accountID: accountID, name: name, memberIDs: members, createdAt: Timestamp.date(now))
    }

    /// The team with its member ids, or `nil`.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Team? {
        try await load(accountID: accountID, ids: [id], on: db).first
    }

    /// The account's teams, by name, with their members.
    public func list(accountID: Int64, on db: any SQLDatabase) async throws -> [Team] {
        try await load(accountID: accountID, ids: nil, on: db)
    }

    /// Renames the team and/or replaces its members (`nil` leaves them); `.notFound` when not in the account.
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, memberIDs: [Int64]? = nil, on db: any SQLDatabase
    ) async throws -> Team {
        guard try await get(accountID: accountID, id: id, on: db) != nil else {
            throw SwitchboardError.notFound("team")
        }
        if let name {
            let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
            try await db.raw("""
                UPDATE teams SET name = \(bind: name) WHERE account_id = \(bind: accountID) AND id = \(bind: id)
                """).run()
        }
        if let memberIDs {
            let members = try await checkedMembers(accountID: accountID, memberIDs, on: db)
            try await replaceMembers(accountID: accountID, teamID: id, members, on: db)
        }
        guard let team = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("team")
        }
        return team
    }

    private func checkedMembers(accountID: Int64, _ ids: [Int64], on db: any SQLDatabase) async throws -> [Int64] {
        let unique = Array(Set(ids)).sorted()
        if unique.isEmpty { return [] }
        let found = try await db.raw("""
            SELECT id FROM users WHERE account_id = \(bind: accountID) AND id IN (\(binds: unique))
            """).all(decodingColumn: "id", as: Int64.self)
        guard found.count == unique.count else {
            throw SwitchboardError.invalid("member_ids", "every member must be a user of this account")
        }
        return unique
    }

    private func replaceMembers(
        accountID: Int64, teamID: Int64, _ members: [Int64], on db: any SQLDatabase
    ) async throws {
        try await db.raw("DELETE FROM team_members WHERE team_id = \(bind: teamID)").run()
        for member in members {
            try await db.raw("""
                INSERT INTO team_members (account_id, team_id, user_id)
                VALUES (\(bind: accountID), \(bind: teamID), \(bind: member))
                """).run()
        }
    }

    private func load(accountID: Int64, ids: [Int64]?, on db: any SQLDatabase) async throws -> [Team] {
        var query: SQLQueryString = "SELECT id, account_id, name, created_at FROM teams"
        query += " WHERE account_id = \(bind: accountID)"
        if let ids { query += " AND id IN (\(binds: ids))" }
        query += " ORDER BY name, id"
        var teams = try await db.raw(query).all().map { row in
            Team(id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
                 createdAt: try row.date("created_at"))
        }
        if teams.isEmpty { return [] }
        let rows = try await db.raw("""
            SELECT team_id, user_id FROM team_members
            WHERE account_id = \(bind: accountID) AND team_id IN (\(binds: teams.map(\.id))) ORDER BY user_id
            """).all()
        var members: [Int64: [Int64]] = [:]
        for row in rows {
            members[try row.value("team_id", as: Int64.self), default: []].append(try row.value("user_id"))
        }
        for index in teams.indices { teams[index].memberIDs = members[teams[index].id] ?? [] }
        return teams
    }
}
