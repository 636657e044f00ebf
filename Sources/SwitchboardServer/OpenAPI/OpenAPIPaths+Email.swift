import SwitchboardCore

extension OpenAPIPaths {
    /// The email channel: raw message delivery into an inbox.
    static var emailOperations: [OpenAPIOperation] {
        let result = Schema.response([
            "ticket_id": Schema.id, "message_id": Schema.id, "created_ticket": Schema.boolean,
            "duplicate": Schema.boolean,
        ])
        return [
            OpenAPIOperation(
                method: "post", path: "/api/v1/inboxes/{id}/raw-email", operationID: "deliverRawEmail",
                summary: "Deliver one raw email message (RFC 5322) into an inbox", tag: "inboxes",
                description: """
                    The body is the message as received (Content-Type message/rfc822 or application/octet-stream). \
                    It is parsed, de-duplicated by Message-ID, threaded onto an existing ticket (In-Reply-To/\
                    References, reply address, [#number] tag, same subject) or starts a new one, and answered \
                    only after it is committed. Callers: an admin, or any user with an API token.
                    """,
                requestBody: ("message/rfc822", ["type": "string", "format": "binary"]),
                alternativeMediaTypes: ["application/octet-stream"],
                responses: [
                    "201": OpenAPIResponses.created("stored", result),
                    "200": OpenAPIResponses.json("already stored (same Message-ID): nothing new was created", result),
                ]),
        ]
    }
}
