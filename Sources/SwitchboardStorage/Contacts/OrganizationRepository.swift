import Foundation
import SQLKit
import SwitchboardCore

/// Organizations: groups of contacts with a tier and the email domains whose senders join them.
public struct OrganizationRepository: Sendable {
    public init() {}

    /// Creates an organization; `.conflict` (field `domains`) when another organization has one of the domains.
    public func create(
        accountID: Int64, name: String, tier: String = "standard", domains: [String] = [], on db: any SQLDatabase
    ) async throws -> Organization {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let tier = try Validation.text(tier, field: "tier", maxLength: 64)
        let domains = try Self.normalizedDomains(domains)
        let now = Date().storageMicros
        guard let row = try await db.raw("""
            INSERT INTO organizations (account_id, name, tier, created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: name), \(bind: tier), \(bind: now), \(bind: now)) RETURNING id
            """).first()
        else { throw SwitchboardError(.internalError, "organization was not created") }
        let id: Int64 = try row.value("id")
        try await insertDomains(accountID: accountID, organizationID: id, domains, on: db)
        return Organization(id: id, accountID: accountID, name: name, tier: tier, domains: domains,
                            createdAt: Timestamp.date(now))
    }

    /// The organization with its domains, or `nil`.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Organization? {
        try await load(accountID: accountID, ids: [id], after: nil, limit: 1, on: db).first
    }

    /// The organizations with these ids (unknown ids are skipped), with their domains, in one query plus one.
    public func get(accountID: Int64, ids: [Int64], on db: any SQLDatabase) async throws -> [Organization] {
        if ids.isEmpty { return [] }
        let unique = Array(Set(ids))
        return try await load(accountID: accountID, ids: unique, after: nil, limit: unique.count, on: db)
    }

    /// The account's organizations by id, `limit` (1…100) at a time after the id `after`.
    public func list(
        accountID: Int64, limit: Int = 25, after: Int64? = nil, on db: any SQLDatabase
    ) async throws -> Page<Organization> {
        let limit = try checkedLimit(limit)
        let items = try await load(accountID: accountID, ids: nil, after: after, limit: limit + 1, on: db)
        let page = Array(items.prefix(limit))
        return Page(items: page, nextCursor: items.count > limit ? page.last.map { String($0.id) } : nil)
    }

    /// Changes the given fields (`nil` leaves them); `.notFound` when not in the account.
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, tier: String? = nil, domains: [String]? = nil,
        on db: any SQLDatabase
    ) async throws -> Organization {
        let builder = db.update("organizations").set("updated_at", to: Date().storageMicros)
        if let name {
            builder.set("name", to: try Validation.text(name, field: "name", maxLength: Validation.maxNameLength))
        }
        if let tier { builder.set("tier", to: try Validation.text(tier, field: "tier", maxLength: 64)) }
        let updated = try await builder.where("account_id", .equal, accountID).where("id", .equal, id)
            .returning(SQLRaw("id")).first()
        guard updated != nil else { throw SwitchboardError.notFound("organization") }
        if let domains {
            let domains = try Self.normalizedDomains(domains)
            try await db.raw("DELETE FROM organization_domains WHERE organization_id = \(bind: id)").run()
            try await insertDomains(accountID: accountID, organizationID: id, domains, on: db)
        }
        guard let organization = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError.notFound("organization")
        }
        return organization
    }

    /// The organization that claims the domain of `email`, or `nil`.
    public func get(accountID: Int64, emailDomainOf email: String, on db: any SQLDatabase) async throws -> Int64? {
        guard let at = email.lastIndex(of: "@") else { return nil }
        let domain = email[email.index(after: at)...].lowercased()
        return try await db.raw("""
            SELECT organization_id FROM organization_domains
            WHERE account_id = \(bind: accountID) AND domain = \(bind: domain)
            """).first(decodingColumn: "organization_id", as: Int64.self)
    }

    static func normalizedDomains(_ raw: [String]) throws -> [String] {
        var result = Set<String>()
        for value in raw {
            let domain = value.trimmingCharacters(in: .whitespaces).lowercased()
            guard !domain.isEmpty, domain.count <= 253, domain.contains("."), !domain.hasPrefix("."),
                !domain.hasSuffix("."),
                domain.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "." })
            else { throw SwitchboardError.invalid("domains", "'\(domain.prefix(64))' is not a domain name") }
            result.insert(domain)
        }
        return result.sorted()
    }

    private func insertDomains(
        accountID: Int64, organizationID: Int64, _ domains: [String], on db: any SQLDatabase
    ) async throws {
        for domain in domains {
            try await db.raw("""
                INSERT INTO organization_domains (account_id, organization_id, domain)
                VALUES (\(bind: accountID), \(bind: organizationID), \(bind: domain))
                """).run()
        }
    }

    private func load(
        accountID: Int64, ids: [Int64]?, after: Int64?, limit: Int, on db: any SQLDatabase
    ) async throws -> [Organization] {
        var query: SQLQueryString = """
            SELECT id, account_id, name, tier, created_at FROM organizations WHERE account_id = \(bind: accountID)
            """
        if let ids { query += " AND id IN (\(binds: ids))" }
        if let after { query += " AND id > \(bind: after)" }
        query += " ORDER BY id LIMIT \(literal: limit)"
        var items = try await db.raw(query).all().map { row in
            Organization(
                id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
                tier: try row.value("tier"), createdAt: try row.date("created_at"))
        }
        if items.isEmpty { return [] }
        // `+account_id`: keeps SQLite on the organization_id index (see ContactRepository.load).
        let rows = try await db.raw("""
            SELECT organization_id, domain FROM organization_domains
            WHERE +account_id = \(bind: accountID) AND organization_id IN (\(binds: items.map(\.id)))
            ORDER BY domain
            """).all()
        var domains: [Int64: [String]] = [:]
        for row in rows {
            domains[try row.value("organization_id", as: Int64.self), default: []].append(try row.value("domain"))
        }
        for index in items.indices { items[index].domains = domains[items[index].id] ?? [] }
        return items
    }
}
