import SQLKit

/// Organizations (with their email domains), contacts, contact identities and inboxes.
struct M0002_CreateContacts: Migration {
    let name = "M0002_CreateContacts"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "organizations")
            .identityColumn()
            .accountColumn()
            .column("name", type: .text, .notNull)
            .column("tier", type: .text, .notNull)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("ix_organizations_account", on: "organizations", "account_id", "id")

        try await db.create(table: "organization_domains")
            .accountColumn()
            .column("organization_id", type: .bigint, .notNull,
                    .references("organizations", "id", onDelete: .cascade))
            .column("domain", type: .text, .notNull)
            .run()
        try await db.createIndex(
            "uq_organization_domains_domain", on: "organization_domains", "account_id", "domain", unique: true)
        try await db.createIndex(
            "ix_organization_domains_org", on: "organization_domains", "organization_id")

        try await db.create(table: "contacts")
            .identityColumn()
            .accountColumn()
            .column("name", type: .text, .notNull)
            .column("organization_id", type: .bigint, .references("organizations", "id", onDelete: .setNull))
            .column("notes", type: .text, .notNull, .default(""))
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("ix_contacts_account", on: "contacts", "account_id", "id")
        try await db.createIndex("ix_contacts_organization", on: "contacts", "account_id", "organization_id")

        try await db.create(table: "contact_identities")
            .identityColumn()
            .accountColumn()
            .column("contact_id", type: .bigint, .notNull, .references("contacts", "id", onDelete: .cascade))
            .column("kind", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .boolColumn("is_undeliverable", default: false)
            .timestampColumn("created_at")
            .run()
        try await db.createIndex(
            "uq_contact_identities_value", on: "contact_identities", "account_id", "kind", "value", unique: true)
        try await db.createIndex("ix_contact_identities_contact", on: "contact_identities", "contact_id")

        try await db.create(table: "inboxes")
            .identityColumn()
            .accountColumn()
            .column("name", type: .text, .notNull)
            .column("channel", type: .text, .notNull)
            .column("email_address", type: .text)
            .boolColumn("web_form_enabled", default: false)
            .timestampColumn("created_at")
            .timestampColumn("updated_at")
            .run()
        try await db.createIndex("uq_inboxes_email_address", on: "inboxes", "email_address", unique: true)
        try await db.createIndex("ix_inboxes_account", on: "inboxes", "account_id", "id")
    }
}
