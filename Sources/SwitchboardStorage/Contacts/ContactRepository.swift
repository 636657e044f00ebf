import Foundation
import SQLKit
import SwitchboardCore

/// Customers and the identities (email, phone, chat visitor, external id) that tie their channels together.
public struct ContactRepository: Sendable {
    public init() {}

    static let columns: SQLQueryString = "id, account_id, name, organization_id, notes, created_at, updated_at"

    /// Creates a contact with its identities; `.conflict` (field `identities`) when an identity belongs to
    /// another contact, `.invalidInput` for a malformed identity or an unknown organization.
    public func create(
        accountID: Int64, name: String, identities: [(ContactIdentityKind, String)] = [], organizationID: Int64? = nil,
        notes: String = "", on db: any SQLDatabase
    ) async throws -> Contact {
        let name = try Validation.text(name, field: "name", maxLength: Validation.maxNameLength)
        let notes = try Validation.text(notes, field: "notes", maxLength: 10_000, allowEmpty: true)
        let identities = try identities.map { kind, value in (kind, try Self.normalized(value, kind: kind)) }
        if let organizationID { try await checkOrganization(accountID: accountID, organizationID, on: db) }
        for (kind, value) in identities {
            if try await findID(accountID: accountID, kind: kind, value: value, on: db) != nil {
                throw SwitchboardError(
                    .conflict, "a contact with this \(kind.rawValue) already exists", field: "identities")
            }
        }
        let id = try await insertContact(accountID: accountID, name: name, organizationID: organizationID,
                                         notes: notes, at: Date(), on: db)
        for (kind, value) in identities {
            try await db.raw("""
                INSERT INTO contact_identities (account_id, contact_id, kind, value, is_undeliverable, created_at)
                VALUES (\(bind: accountID), \(bind: id), \(bind: kind.rawValue), \(bind: value), \(bind: false),
                        \(bind: Date().storageMicros))
                """).run()
        }
        guard let contact = try await get(accountID: accountID, id: id, on: db) else {
            throw SwitchboardError(.internalError, "contact was not created")
        }
        return contact
    }

    /// The contact with its identities, or `nil`.
    public func get(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Contact? {
        try await load(accountID: accountID, ids: [id], on: db).first
    }

    /// The organization of the contact `id` (`.some(nil)` for a contact without one), or `nil` when the account has
    /// no such contact: one indexed read, for callers that need no more of the contact (a new ticket's requester).
    public func organizationOf(accountID: Int64, id: Int64, on db: any SQLDatabase) async throws -> Int64?? {
        guard let row = try await db.first("""
            SELECT organization_id FROM contacts WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """)
        else { return nil }
        return .some(try row.optional("organization_id", as: Int64.self))
    }

    /// The contacts with these ids (unknown ids are skipped), each with identities, in one query plus one.
    public func get(accountID: Int64, ids: [Int64], on db: any SQLDatabase) async throws -> [Contact] {
        if ids.isEmpty { return [] }
        return try await load(accountID: accountID, ids: Array(Set(ids)), on: db)
    }

    /// The contact owning the identity (the value is normalised first), or `nil`.
    public func find(
        accountID: Int64, kind: ContactIdentityKind, value: String, on db: any SQLDatabase
    ) async throws -> Contact? {
        guard let contactID = try await findID(accountID: accountID, kind: kind, value: value, on: db) else {
            return nil
        }
        return try await get(accountID: accountID, id: contactID, on: db)
    }

    /// The id of the contact owning the identity (the value is normalised first), or `nil`: one indexed read,
    /// for callers that need no more of the contact.
    public func findID(
        accountID: Int64, kind: ContactIdentityKind, value: String, on db: any SQLDatabase
    ) async throws -> Int64? {
        let value = ContactIdentity.normalize(value, kind: kind)
        return try await db.raw("""
            SELECT contact_id FROM contact_identities
            WHERE account_id = \(bind: accountID) AND kind = \(bind: kind.rawValue) AND value = \(bind: value)
            """).first(decodingColumn: "contact_id", as: Int64.self)
    }

    /// Finds the contact by email, else by phone, or creates one (joining the organization whose domain matches
    /// the email). Adds the other identity to a found contact when it is free. Safe against concurrent calls.
    /// `.invalidInput` (field `email`/`phone`/`requester`) when neither a valid email nor phone is given.
    public func findOrCreate(
        accountID: Int64, name: String?, email: String?, phone: String?, on db: any SQLDatabase
    ) async throws -> (contact: Contact, created: Bool) {
        let email = try email.flatMap { $0.isEmpty ? nil : try Validation.email($0, field: "email") }
        let phone = try phone.flatMap { $0.isEmpty ? nil : try Validation.phone($0, field: "phone") }
        var wanted: [(ContactIdentityKind, String)] = []
        if let email { wanted.append((.email, email)) }
        if let phone { wanted.append((.phone, phone)) }
        guard !wanted.isEmpty else {
            throw SwitchboardError.invalid("requester", "an email address or a phone number is needed")
        }
        for (kind, value) in wanted {
            if let existing = try await find(accountID: accountID, kind: kind, value: value, on: db) {
                var added = false
                for (otherKind, otherValue) in wanted where !(otherKind == kind && otherValue == value) {
                    added = try await insertIdentity(
                        accountID: accountID, contactID: existing.id, kind: otherKind, value: otherValue, on: db)
                        != nil || added
                }
                if !added { return (existing, false) }
                return (try await get(accountID: accountID, id: existing.id, on: db) ?? existing, false)
            }
        }
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let displayName = trimmedName.isEmpty
            ? (email ?? phone ?? "")
            : try Validation.text(String(trimmedName.prefix(Validation.maxNameLength)), field: "name",
                                  maxLength: Validation.maxNameLength)
        var organizationID: Int64?
        if let email {
            organizationID = try await OrganizationRepository().get(accountID: accountID, emailDomainOf: email, on: db)
        }
        let createdAt = Timestamp.rounded(Date())
        let id = try await insertContact(
            accountID: accountID, name: displayName, organizationID: organizationID, notes: "", at: createdAt, on: db)
        let (firstKind, firstValue) = wanted[0]
        guard let firstIdentityID = try await insertIdentity(
            accountID: accountID, contactID: id, kind: firstKind, value: firstValue, on: db)
        else {
            // Another transaction created the contact first: use theirs.
            try await db.raw("DELETE FROM contacts WHERE id = \(bind: id)").run()
            guard let theirs = try await find(accountID: accountID, kind: firstKind, value: firstValue, on: db) else {
                throw SwitchboardError(.unavailable, "the contact changed concurrently; try again")
            }
            return (theirs, false)
        }
        // The new contact is what was just written: built here rather than read back (two statements fewer on every
        // first mail or ticket from a new customer).
        var identities = [ContactIdentity(id: firstIdentityID, contactID: id, kind: firstKind, value: firstValue)]
        for (kind, value) in wanted.dropFirst() {
            if let identityID = try await insertIdentity(
                accountID: accountID, contactID: id, kind: kind, value: value, on: db)
            {
                identities.append(ContactIdentity(id: identityID, contactID: id, kind: kind, value: value))
            }
        }
        let contact = Contact(
            id: id, accountID: accountID, name: displayName, organizationID: organizationID, notes: "",
            identities: identities, createdAt: createdAt, updatedAt: createdAt)
        return (contact, true)
    }

    /// Contacts by id, `limit` (1…100) after the id `after`; `query` matches names and identity values
    /// (case-insensitive substring).
    public func list(
        accountID: Int64, query: String? = nil, limit: Int = 25, after: Int64? = nil, on db: any SQLDatabase
    ) async throws -> Page<Contact> {
        let limit = try checkedLimit(limit)
        var sql: SQLQueryString = "SELECT c.id FROM contacts c WHERE c.account_id = \(bind: accountID)"
        if let after { sql += " AND c.id > \(bind: after)" }
        if let query, !query.trimmingCharacters(in: .whitespaces).isEmpty {
            let pattern = "%" + Self.escapeLike(query.trimmingCharacters(in: .whitespaces).lowercased()) + "%"
            sql += """
                 AND (LOWER(c.name) LIKE \(bind: pattern) ESCAPE '\\' OR EXISTS (
                    SELECT 1 FROM contact_identities i
                    WHERE i.contact_id = c.id AND i.account_id = c.account_id
                      AND LOWER(i.value) LIKE \(bind: pattern) ESCAPE '\\'))
                """
        }
        sql += " ORDER BY c.id LIMIT \(literal: limit + 1)"
        let ids = try await db.raw(sql).all(decodingColumn: "id", as: Int64.self)
        let pageIDs = Array(ids.prefix(limit))
        let contacts = try await load(accountID: accountID, ids: pageIDs, on: db)
        return Page(items: contacts, nextCursor: ids.count > limit ? pageIDs.last.map { String($0) } : nil)
    }

    /// Changes the given fields (`nil` leaves them; `organizationID: .some(nil)` removes the organization).
    public func update(
        accountID: Int64, id: Int64, name: String? = nil, organizationID: Int64?? = nil, notes: String? = nil,
        on db: any SQLDatabase
    ) async throws -> Contact {
        let builder = db.update("contacts").set("updated_at", to: Date().storageMicros)
        if let name {
            builder.set("name", to: try Validation.text(name, field: "name", maxLength: Validation.maxNameLength))
        }
        if let organizationID {
            if let organizationID { try await checkOrganization(accountID: accountID, organizationID, on: db) }
            builder.set("organization_id", to: organizationID)
        }
        if let notes {
            builder.set("notes", to: try Validation.text(notes, field: "notes", maxLength: 10_000, allowEmpty: true))
        }
        guard try await builder.where("account_id", .equal, accountID).where("id", .equal, id)
            .returning(SQLRaw("id")).first() != nil,
            let contact = try await get(accountID: accountID, id: id, on: db)
        else { throw SwitchboardError.notFound("contact") }
        return contact
    }

    /// Moves the identities and tickets of `sourceID` to `targetID` and deletes the source; returns the target.
    public func merge(accountID: Int64, sourceID: Int64, into targetID: Int64, on db: any SQLDatabase) async throws
        -> Contact
    {
        guard sourceID != targetID else {
            throw SwitchboardError.invalid("source_id", "a contact cannot be merged into itself")
        }
        guard try await get(accountID: accountID, id: sourceID, on: db) != nil else {
            throw SwitchboardError.notFound("contact")
        }
        guard try await get(accountID: accountID, id: targetID, on: db) != nil else {
            throw SwitchboardError.notFound("contact")
        }
        try await db.raw("""
            UPDATE contact_identities SET contact_id = \(bind: targetID)
            WHERE account_id = \(bind: accountID) AND contact_id = \(bind: sourceID)
            """).run()
        try await db.raw("""
            UPDATE tickets SET requester_id = \(bind: targetID)
            WHERE account_id = \(bind: accountID) AND requester_id = \(bind: sourceID)
            """).run()
        try await db.raw("""
            UPDATE messages SET author_id = \(bind: targetID)
            WHERE account_id = \(bind: accountID) AND author_kind = 'contact' AND author_id = \(bind: sourceID)
            """).run()
        try await db.raw("DELETE FROM contacts WHERE account_id = \(bind: accountID) AND id = \(bind: sourceID)").run()
        try await db.raw("""
            UPDATE contacts SET updated_at = \(bind: Date().storageMicros)
            WHERE account_id = \(bind: accountID) AND id = \(bind: targetID)
            """).run()
        guard let target = try await get(accountID: accountID, id: targetID, on: db) else {
            throw SwitchboardError.notFound("contact")
        }
        return target
    }

    /// Marks an identity as undeliverable (after a permanent bounce). Unknown identities are ignored.
    public func markUndeliverable(
        accountID: Int64, kind: ContactIdentityKind, value: String, on db: any SQLDatabase
    ) async throws {
        try await db.raw("""
            UPDATE contact_identities SET is_undeliverable = \(bind: true)
            WHERE account_id = \(bind: accountID) AND kind = \(bind: kind.rawValue)
              AND value = \(bind: ContactIdentity.normalize(value, kind: kind))
            """).run()
    }

    // MARK: - Helpers

    static func normalized(_ value: String, kind: ContactIdentityKind) throws -> String {
        switch kind {
        case .email: return try Validation.email(value, field: "identities")
        case .phone: return try Validation.phone(value, field: "identities")
        case .chatVisitor, .externalID:
            return try Validation.text(value, field: "identities", maxLength: 255)
        }
    }

    static func escapeLike(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private func checkOrganization(accountID: Int64, _ id: Int64, on db: any SQLDatabase) async throws {
        let found = try await db.raw("""
            SELECT id FROM organizations WHERE account_id = \(bind: accountID) AND id = \(bind: id)
            """).first()
        if found == nil { throw SwitchboardError.invalid("organization_id", "must be an organization of this account") }
    }

    private func insertContact(
        accountID: Int64, name: String, organizationID: Int64?, notes: String, at date: Date, on db: any SQLDatabase
    ) async throws -> Int64 {
        let now = date.storageMicros
        guard let row = try await db.raw("""
            INSERT INTO contacts (account_id, name, organization_id, notes, created_at, updated_at)
            VALUES (\(bind: accountID), \(bind: name), \(bind: organizationID), \(bind: notes), \(bind: now),
                    \(bind: now))
            RETURNING id
            """).first()
        else { throw SwitchboardError(.internalError, "contact was not created") }
        return try row.value("id")
    }

    /// Inserts the identity unless it exists; its id when this call inserted it.
    private func insertIdentity(
        accountID: Int64, contactID: Int64, kind: ContactIdentityKind, value: String, on db: any SQLDatabase
    ) async throws -> Int64? {
        try await db.raw("""
            INSERT INTO contact_identities (account_id, contact_id, kind, value, is_undeliverable, created_at)
            VALUES (\(bind: accountID), \(bind: contactID), \(bind: kind.rawValue), \(bind: value), \(bind: false),
                    \(bind: Date().storageMicros))
            ON CONFLICT (account_id, kind, value) DO NOTHING
            RETURNING id
            """).first().map { try $0.value("id") }
    }

    private func load(accountID: Int64, ids: [Int64], on db: any SQLDatabase) async throws -> [Contact] {
        if ids.isEmpty { return [] }
        var contacts = try await db.raw("""
            SELECT \(Self.columns) FROM contacts WHERE account_id = \(bind: accountID) AND id IN (\(binds: ids))
            ORDER BY id
            """).all().map { row in
            Contact(
                id: try row.value("id"), accountID: try row.value("account_id"), name: try row.value("name"),
                organizationID: try row.optional("organization_id"), notes: try row.value("notes"),
                createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
        }
        if contacts.isEmpty { return [] }
        // `+account_id`: without statistics SQLite preferred the unique (account, kind, value) index for the
        // account term and read every identity of the account (370 ms at 200,000 contacts) instead of probing
        // the contact_id index. The unary plus keeps the check, not the index (valid on PostgreSQL too).
        let rows = try await db.raw("""
            SELECT id, contact_id, kind, value, is_undeliverable FROM contact_identities
            WHERE +account_id = \(bind: accountID) AND contact_id IN (\(binds: contacts.map(\.id))) ORDER BY id
            """).all()
        var identities: [Int64: [ContactIdentity]] = [:]
        for row in rows {
            let identity = ContactIdentity(
                id: try row.value("id"), contactID: try row.value("contact_id"), kind: try row.enumValue("kind"),
                value: try row.value("value"), isUndeliverable: try row.bool("is_undeliverable"))
            identities[identity.contactID, default: []].append(identity)
        }
        for index in contacts.indices { contacts[index].identities = identities[contacts[index].id] ?? [] }
        return contacts
    }
}
