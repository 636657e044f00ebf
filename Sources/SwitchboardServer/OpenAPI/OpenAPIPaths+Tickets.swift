import SwitchboardCore

extension OpenAPIPaths {
    /// Tickets, their timeline and events, and search.
    static var ticketOperations: [OpenAPIOperation] {
        let ticket = Schema.ref("Ticket")
        let message = Schema.ref("Message")
        let sort = OpenAPIParameters.query(
            "sort",
            Schema.enumeration(["created_at", "-created_at", "updated_at", "-updated_at", "priority", "-priority"]),
            description: "order; a leading - sorts descending (default -created_at)")
        return [
            OpenAPIOperation(
                method: "get", path: "/api/v1/tickets", operationID: "listTickets",
                summary: "List tickets with filters, sorting and keyset pagination", tag: "tickets",
                parameters: OpenAPIParameters.ticketFilters
                    + [sort, OpenAPIParameters.limit, OpenAPIParameters.cursor],
                responses: ["200": OpenAPIResponses.json("a page of tickets", OpenAPIResponses.list(ticket))]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/tickets", operationID: "createTicket",
                summary: "Create a ticket; the requester is found or created by email or phone", tag: "tickets",
                requestBody: ("application/json", Schema.ref("TicketCreate")), idempotent: true,
                responses: ["201": OpenAPIResponses.created("the new ticket", ticket)]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/tickets/{id}", operationID: "getTicket",
                summary: "A ticket with its requester and full timeline", tag: "tickets",
                responses: [
                    "200": OpenAPIResponses.json(
                        "the ticket",
                        Schema.response([
                            "ticket": ticket, "requester": Schema.ref("Contact"),
                            "messages": Schema.array(message),
                        ]))
                ]),
            OpenAPIOperation(
                method: "patch", path: "/api/v1/tickets/{id}", operationID: "updateTicket",
                summary: "Change status, priority, type, assignee, team, tags or custom fields", tag: "tickets",
                requestBody: ("application/json", Schema.ref("TicketUpdate")),
                responses: [
                    "200": OpenAPIResponses.json("the updated ticket", ticket),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/tickets/{id}/replies", operationID: "replyToTicket",
                summary: "Send a public reply (not for light agents)", tag: "tickets",
                requestBody: ("application/json", Schema.ref("ReplyCreate")), idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created("the reply", message),
                    "403": ["$ref": "#/components/responses/Forbidden"],
                ]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/tickets/{id}/notes", operationID: "addTicketNote",
                summary: "Add an internal note", tag: "tickets",
                requestBody: ("application/json", Schema.ref("NoteCreate")), idempotent: true,
                responses: ["201": OpenAPIResponses.created("the note", message)]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/tickets/{id}/merge", operationID: "mergeTicket",
                summary: "Merge this ticket into target_id: its timeline moves, it is closed", tag: "tickets",
                requestBody: ("application/json", Schema.ref("TicketMerge")),
                responses: [
                    "200": OpenAPIResponses.json(
                        "both tickets after the merge", Schema.response(["target": ticket, "source": ticket])),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/tickets/{id}/events", operationID: "listTicketEvents",
                summary: "The audit trail of a ticket, oldest first", tag: "tickets",
                responses: [
                    "200": OpenAPIResponses.json("the events", OpenAPIResponses.list(Schema.ref("Event")))
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/search", operationID: "searchTickets",
                summary: "Full-text search over tickets and messages, ranked, with highlighted snippets",
                tag: "tickets",
                parameters: [
                    OpenAPIParameters.query(
                        "q", Schema.string(minLength: 1, maxLength: 1000), description: "the words to find",
                        required: true)
                ] + OpenAPIParameters.ticketFilters + [OpenAPIParameters.limit],
                responses: [
                    "200": OpenAPIResponses.json("the hits, best first", OpenAPIResponses.list(Schema.ref("SearchHit")))
                ]),
        ]
    }
}
