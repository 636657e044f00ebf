import SwitchboardCore

/// Schemas of request bodies. Unknown keys are ignored by the server, so request objects stay open.
enum OpenAPIRequestBodies {
    private static let name = Schema.string(minLength: 1, maxLength: Validation.maxNameLength)
    private static let email = Schema.string(maxLength: 254, format: "email")
    private static let phone = Schema.string(
        maxLength: 64, description: "5 to 20 digits; + ( ) - . / and spaces allowed")
    private static let body = Schema.string(minLength: 1, description: "at most 1 MiB of UTF-8; not only whitespace")
    private static let html = Schema.string(description: "HTML version; sanitised before storing")
    private static let tag = Schema.string(
        minLength: 1, maxLength: Validation.maxTagLength, description: "letters, digits, '-', '_', '.', ':'")
    private static let tags = Schema.array(tag, maxItems: Validation.maxTags)
    private static let customFields = Schema.map(
        Schema.ref("CustomFieldValue"), maxProperties: Validation.maxCustomFields)

    static var schemas: [String: JSONValue] {
        [
            "LoginRequest": Schema.object(
                ["email": email, "password": Schema.string(maxLength: 1024)], required: ["email", "password"]),
            "TicketCreate": Schema.object(
                [
                    "subject": Schema.string(minLength: 1, maxLength: Validation.maxSubjectLength),
                    "requester": Schema.object(
                        ["email": email, "name": Schema.string(maxLength: Validation.maxNameLength), "phone": phone],
                        description: "found by email or phone, or created; give email or phone"),
                    "requester_id": Schema.id,
                    "message": Schema.object(["body": body, "html": html], required: ["body"]),
                    "priority": Schema.enumeration(TicketPriority.self),
                    "type": Schema.enumeration(TicketType.self),
                    "tags": tags, "custom_fields": customFields,
                    "inbox_id": Schema.id, "assignee_id": Schema.id, "team_id": Schema.id,
                ],
                required: ["subject", "message"],
                description: "exactly one of requester and requester_id"),
            "TicketUpdate": Schema.object(
                [
                    "subject": Schema.string(minLength: 1, maxLength: Validation.maxSubjectLength),
                    "status": Schema.enumeration(TicketStatus.self),
                    "priority": Schema.enumeration(TicketPriority.self),
                    "type": Schema.nullable(Schema.enumeration(TicketType.self)),
                    "assignee_id": Schema.nullable(Schema.id), "team_id": Schema.nullable(Schema.id),
                    "tags": tags, "add_tags": tags, "remove_tags": tags,
                    "custom_fields": customFields,
                ],
                description: "any of the fields; null unassigns; custom_fields merge and null removes a field"),
            "ReplyCreate": Schema.object(
                ["body": body, "html": html, "status": Schema.enumeration(TicketStatus.self)], required: ["body"]),
            "NoteCreate": Schema.object(["body": body, "html": html], required: ["body"]),
            "TicketMerge": Schema.object(["target_id": Schema.id], required: ["target_id"]),
            "ContactCreate": Schema.object(
                [
                    "name": name, "email": email, "phone": phone, "organization_id": Schema.id,
                    "notes": Schema.string(maxLength: 10000),
                ],
                required: ["name"]),
            "ContactUpdate": Schema.object([
                "name": name, "organization_id": Schema.nullable(Schema.id),
                "notes": Schema.string(maxLength: 10000),
            ]),
            "ContactMerge": Schema.object(["source_id": Schema.id], required: ["source_id"]),
            "OrganizationCreate": Schema.object(
                [
                    "name": name, "tier": Schema.string(minLength: 1, maxLength: 64),
                    "domains": Schema.array(Schema.string(minLength: 1, maxLength: 253)),
                ],
                required: ["name"]),
            "OrganizationUpdate": Schema.object([
                "name": name, "tier": Schema.string(minLength: 1, maxLength: 64),
                "domains": Schema.array(Schema.string(minLength: 1, maxLength: 253)),
            ]),
            "InboxCreate": Schema.object(
                [
                    "name": name, "channel": Schema.enumeration(Channel.self), "email_address": email,
                    "web_form_enabled": Schema.boolean,
                ],
                required: ["name", "channel"]),
            "InboxUpdate": Schema.object([
                "name": name, "email_address": Schema.nullable(email), "web_form_enabled": Schema.boolean,
            ]),
            "UserCreate": Schema.object(
                [
                    "email": email, "name": name, "role": Schema.enumeration(UserRole.self),
                    "password": Schema.string(minLength: 8, description: "8 characters to 72 bytes"),
                ],
                required: ["email", "name", "role"]),
            "UserUpdate": Schema.object([
                "name": name, "role": Schema.enumeration(UserRole.self), "is_active": Schema.boolean,
                "password": Schema.string(minLength: 8, description: "8 characters to 72 bytes"),
            ]),
            "TeamCreate": Schema.object(
                ["name": name, "member_ids": Schema.array(Schema.id)], required: ["name"]),
            "TeamUpdate": Schema.object(["name": name, "member_ids": Schema.array(Schema.id)]),
            "TokenCreate": Schema.object(["name": name], required: ["name"]),
            "WebForm": Schema.object(
                [
                    "name": Schema.string(maxLength: Validation.maxNameLength), "email": email,
                    "subject": Schema.string(minLength: 1, maxLength: Validation.maxSubjectLength),
                    "message": Schema.string(minLength: 1),
                ],
                required: ["email", "subject", "message"]),
        ]
    }
}
