import SwitchboardCore

/// The `components` of the API document: the response schemas of api-routes.md, request bodies and
/// the two security schemes.
enum OpenAPIComponents {
    static let nameMax = Validation.maxNameLength

    static var schemas: [String: JSONValue] {
        [
            "Error": Schema.response(["error": errorDetail]),
            "User": Schema.response([
                "id": Schema.id, "account_id": Schema.id, "email": Schema.string(format: "email"),
                "name": Schema.string(), "role": Schema.enumeration(UserRole.self), "is_active": Schema.boolean,
                "created_at": Schema.dateTime,
            ]),
            "Account": Schema.response(["id": Schema.id, "name": Schema.string(), "created_at": Schema.dateTime]),
            "Ticket": Schema.response([
                "id": Schema.id, "account_id": Schema.id, "number": Schema.id,
                "subject": Schema.string(),
                "status": Schema.enumeration(TicketStatus.self),
                "priority": Schema.enumeration(TicketPriority.self),
                "type": Schema.nullable(Schema.enumeration(TicketType.self)),
                "channel": Schema.enumeration(Channel.self),
                "inbox_id": Schema.nullable(Schema.id), "requester_id": Schema.id,
                "organization_id": Schema.nullable(Schema.id), "assignee_id": Schema.nullable(Schema.id),
                "team_id": Schema.nullable(Schema.id),
                "tags": Schema.array(Schema.string()),
                "custom_fields": Schema.map(ref("CustomFieldValue")),
                "merged_into_id": Schema.nullable(Schema.id), "follow_up_of_id": Schema.nullable(Schema.id),
                "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
                "first_response_at": Schema.nullable(Schema.dateTime), "solved_at": Schema.nullable(Schema.dateTime),
                "waiting_since": Schema.nullable(Schema.dateTime),
                "reopen_count": Schema.integer(minimum: 0),
                "last_message_preview": Schema.string(),
                "message_count": Schema.integer(minimum: 0),
            ]),
            "CustomFieldValue": [
                "description": "a custom field value: a string, a number, a boolean, or null",
                "type": ["string", "number", "boolean", "null"],
            ],
            "Message": Schema.response([
                "id": Schema.id, "ticket_id": Schema.id,
                "kind": Schema.enumeration(MessageKind.self),
                "channel": Schema.enumeration(Channel.self),
                "author_kind": Schema.enumeration(["user", "contact", "system"]),
                "author_id": Schema.nullable(Schema.id),
                "text": Schema.string(), "html": Schema.nullable(Schema.string()),
                "external_id": Schema.nullable(Schema.string()),
                "delivery_status": Schema.enumeration(DeliveryStatus.self),
                "delivery_error": Schema.nullable(Schema.string()),
                "attachments": Schema.array(ref("Attachment")),
                "created_at": Schema.dateTime,
            ]),
            "Attachment": Schema.response([
                "id": Schema.id, "filename": Schema.string(), "content_type": Schema.string(),
                "content_id": Schema.nullable(Schema.string()), "size": Schema.integer(minimum: 0),
                "sha256": Schema.string(pattern: "^[0-9a-f]{64}$"), "inline": Schema.boolean,
            ]),
            "ContactIdentity": Schema.response([
                "id": Schema.id, "kind": Schema.enumeration(ContactIdentityKind.self), "value": Schema.string(),
                "undeliverable": Schema.boolean,
            ]),
            "Contact": Schema.response([
                "id": Schema.id, "name": Schema.string(), "organization_id": Schema.nullable(Schema.id),
                "notes": Schema.string(), "identities": Schema.array(ref("ContactIdentity")),
                "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
            ]),
            "ContactWithTickets": Schema.response(
                [
                    "id": Schema.id, "name": Schema.string(), "organization_id": Schema.nullable(Schema.id),
                    "notes": Schema.string(), "identities": Schema.array(ref("ContactIdentity")),
                    "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
                    "tickets": Schema.array(ref("Ticket"), maxItems: 50),
                ],
                description: "a contact with their tickets, newest first, up to 50"),
            "Organization": Schema.response([
                "id": Schema.id, "name": Schema.string(), "tier": Schema.string(),
                "domains": Schema.array(Schema.string()), "created_at": Schema.dateTime,
            ]),
            "Inbox": Schema.response([
                "id": Schema.id, "name": Schema.string(), "channel": Schema.enumeration(Channel.self),
                "email_address": Schema.nullable(Schema.string(format: "email")),
                "web_form_enabled": Schema.boolean, "created_at": Schema.dateTime,
            ]),
            "Team": Schema.response([
                "id": Schema.id, "name": Schema.string(), "member_ids": Schema.array(Schema.id),
                "created_at": Schema.dateTime,
            ]),
            "APIToken": Schema.response([
                "id": Schema.id, "name": Schema.string(), "prefix": Schema.string(), "created_at": Schema.dateTime,
                "last_used_at": Schema.nullable(Schema.dateTime), "revoked_at": Schema.nullable(Schema.dateTime),
            ]),
            "Event": Schema.response([
                "id": Schema.id, "type": Schema.string(description: "dotted name such as ticket.created"),
                "ticket_id": Schema.nullable(Schema.id),
                "actor": Schema.response([
                    "kind": Schema.enumeration(["user", "contact", "system"]), "id": Schema.nullable(Schema.id),
                ]),
                "payload": Schema.any, "created_at": Schema.dateTime,
            ]),
            "Job": Schema.response([
                "id": Schema.id, "account_id": Schema.nullable(Schema.id), "kind": Schema.string(),
                "payload": Schema.any, "state": Schema.enumeration(JobState.self),
                "attempts": Schema.integer(minimum: 0), "max_attempts": Schema.integer(minimum: 1),
                "run_at": Schema.dateTime, "last_error": Schema.nullable(Schema.string()),
                "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
            ]),
            "SearchHit": Schema.response([
                "ticket": ref("Ticket"),
                "snippet": Schema.string(description: "HTML-escaped text with matches in <mark>…</mark>"),
                "rank": Schema.number,
            ]),
            "Status": Schema.response(["status": Schema.string()]),
            "StreamFrame": [
                "description": """
                    A JSON text frame of /api/v1/stream. Server → client: {"type":"event","event":Event}, \
                    {"type":"pong"}, {"type":"error","error":{code,message,field}}. Client → server: {"type":"ping"}.
                    """,
                "oneOf": [
                    Schema.response(["type": Schema.enumeration(["event"]), "event": ref("Event")]),
                    Schema.response(["type": Schema.enumeration(["pong"])]),
                    Schema.response(["type": Schema.enumeration(["error"]), "error": errorDetail]),
                    Schema.response(["type": Schema.enumeration(["ping"])]),
                ],
            ],
        ].merging(OpenAPIRequestBodies.schemas, uniquingKeysWith: { first, _ in first })
    }

    /// `{code, message, field}`: the `error` member of every error answer and error frame.
    static var errorDetail: JSONValue {
        Schema.response([
            "code": Schema.enumeration(SwitchboardError.Code.self),
            "message": Schema.string(),
            "field": Schema.nullable(Schema.string(description: "the input field the error is about")),
        ])
    }

    static func ref(_ name: String) -> JSONValue { Schema.ref(name) }

    /// `bearer` (a personal API token) and `cookie` (the web session).
    static let securitySchemes: JSONValue = [
        "bearer": [
            "type": "http", "scheme": "bearer", "bearerFormat": "sbt_…",
            "description": "a personal API token (POST /api/v1/tokens or `switchboard token create`)",
        ],
        "cookie": [
            "type": "apiKey", "in": "cookie", "name": "sb_session",
            "description":
                "the web session from POST /api/v1/auth/login; state-changing requests also need X-CSRF-Token",
        ],
    ]
}
