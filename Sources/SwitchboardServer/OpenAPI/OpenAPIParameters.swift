import SwitchboardCore

/// Parameters shared by several operations.
enum OpenAPIParameters {
    static let idempotencyKey: JSONValue = [
        "name": "Idempotency-Key", "in": "header", "required": false,
        "description":
            "1–255 printable ASCII characters; a retry with the same key and body returns the first answer",
        "schema": ["type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7E]+$"],
    ]

    static let replayedHeader: JSONValue = [
        "description": "`true` when the answer is the stored one of an earlier request with the same Idempotency-Key",
        "schema": Schema.enumeration(["true"]),
    ]

    /// `limit`: 1–100, default 25.
    static let limit: JSONValue = query(
        "limit", Schema.integer(minimum: 1, maximum: 100), description: "page size (default 25)")
    /// `cursor`: the `next_cursor` of the previous page.
    static let cursor: JSONValue = query(
        "cursor", Schema.string(minLength: 1, maxLength: 512), description: "next_cursor of the previous page")

    /// A query parameter.
    static func query(_ name: String, _ schema: JSONValue, description: String? = nil, required: Bool = false)
        -> JSONValue
    {
        var object: [String: JSONValue] = ["name": .string(name), "in": "query", "schema": schema]
        if required { object["required"] = true }
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// A comma-separated list in one query parameter (`?status=new,open`).
    static func commaList(_ name: String, _ item: JSONValue, description: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name), "in": "query", "style": "form", "explode": false,
            "schema": Schema.array(item, maxItems: 100),
        ]
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// The ticket filters shared by the ticket list and search.
    static var ticketFilters: [JSONValue] {
        [
            commaList("status", Schema.enumeration(TicketStatus.self)),
            commaList("priority", Schema.enumeration(TicketPriority.self)),
            commaList("type", Schema.enumeration(TicketType.self)),
            commaList(
                "assignee_id", ["anyOf": [Schema.id, Schema.enumeration(["none"])]],
                description: "user ids, or `none` for unassigned tickets"),
            commaList("team_id", Schema.id),
            commaList("tag", Schema.string(minLength: 1, maxLength: Validation.maxTagLength),
                description: "tickets carrying all of these tags"),
            commaList("requester_id", Schema.id),
            commaList("organization_id", Schema.id),
            commaList("inbox_id", Schema.id),
            query("created_after", Schema.dateTime),
            query("created_before", Schema.dateTime),
            query("updated_after", Schema.dateTime),
            query("updated_before", Schema.dateTime),
        ]
    }
}
