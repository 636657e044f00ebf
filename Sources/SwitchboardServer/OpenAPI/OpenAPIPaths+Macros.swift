import SwitchboardCore
import SwitchboardStorage

extension OpenAPIPaths {
    /// Macros (and applying them on a ticket), saved custom views and tag administration.
    static var macroOperations: [OpenAPIOperation] {
        macroCRUD + ticketMacroOperations + viewOperations + tagOperations
    }

    private static let tagSchema = Schema.string(
        minLength: 1, maxLength: Validation.maxTagLength, description: "letters, digits, '-', '_', '.' or ':'")
    private static let statusValues = Schema.enumeration(TicketStatus.self)

    private static var macroActions: JSONValue {
        Schema.response([
            "status": Schema.nullable(Schema.enumeration(TicketStatus.self)),
            "priority": Schema.nullable(Schema.enumeration(TicketPriority.self)),
            "type": Schema.nullable(Schema.enumeration(TicketType.self)),
            "assignee_id": Schema.nullable(Schema.id), "team_id": Schema.nullable(Schema.id),
            "add_tags": Schema.array(Schema.string()), "remove_tags": Schema.array(Schema.string()),
        ], description: "the field changes; null leaves a field alone")
    }

    private static var macroActionsInput: JSONValue {
        Schema.object([
            "status": Schema.enumeration(TicketStatus.allCases.filter { $0 != .new }.map(\.rawValue)),
            "priority": Schema.enumeration(TicketPriority.self), "type": Schema.enumeration(TicketType.self),
            "assignee_id": Schema.id, "team_id": Schema.id,
            "add_tags": Schema.array(tagSchema, maxItems: Validation.maxTags),
            "remove_tags": Schema.array(tagSchema, maxItems: Validation.maxTags),
        ])
    }

    private static var macro: JSONValue {
        Schema.response([
            "id": Schema.id, "name": Schema.string(),
            "body": Schema.string(description: "template text with {{placeholders}}"),
            "visibility": Schema.enumeration(MacroVisibility.self),
            "team_id": Schema.nullable(Schema.id), "owner_id": Schema.nullable(Schema.id),
            "actions": macroActions, "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
        ])
    }

    private static var placeholderNote: String {
        "Placeholders: " + MacroPlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", ")
            + "; any other is a 400 naming `body`."
    }

    private static var macroCRUD: [OpenAPIOperation] {
        let name = Schema.string(minLength: 1, maxLength: Validation.maxNameLength)
        let body = Schema.string(maxLength: MacroTemplate.maxBodyBytes, description: "at most 64 KiB of UTF-8")
        let visibility = Schema.enumeration(MacroVisibility.self, description: "personal when absent")
        return [
            OpenAPIOperation(
                method: "get", path: "/api/v1/macros", operationID: "listMacros",
                summary: "The macros the caller may use (admins: every shared macro) and their own", tag: "macros",
                responses: ["200": OpenAPIResponses.json("the macros", OpenAPIResponses.list(macro))]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/macros", operationID: "createMacro", summary: "Create a macro",
                tag: "macros", access: .signedIn(.agent),
                description: "Shared macros (everyone, team) need the admin role. " + placeholderNote,
                requestBody: ("application/json", Schema.object(
                    ["name": name, "body": body, "visibility": visibility, "team_id": Schema.id,
                     "actions": macroActionsInput], required: ["name"])),
                idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created("the new macro", macro),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/macros/{id}", operationID: "getMacro", summary: "One macro",
                tag: "macros", responses: ["200": OpenAPIResponses.json("the macro", macro)]),
            OpenAPIOperation(
                method: "patch", path: "/api/v1/macros/{id}", operationID: "updateMacro", summary: "Change a macro",
                tag: "macros", access: .signedIn(.agent),
                description: "Admins change shared macros, owners their personal ones. " + placeholderNote,
                requestBody: ("application/json", Schema.object(
                    ["name": name, "body": body, "visibility": Schema.enumeration(MacroVisibility.self),
                     "team_id": Schema.nullable(Schema.id), "actions": macroActionsInput])),
                responses: [
                    "200": OpenAPIResponses.json("the updated macro", macro),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "delete", path: "/api/v1/macros/{id}", operationID: "deleteMacro", summary: "Delete a macro",
                tag: "macros", access: .signedIn(.agent),
                description: "Admins delete shared macros, owners their personal ones.",
                responses: ["204": OpenAPIResponses.empty("deleted")]),
        ]
    }

    private static var ticketMacroOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: "post", path: "/api/v1/tickets/{id}/macros/{macro_id}/preview",
                operationID: "previewMacro", summary: "The macro's text rendered for this ticket, and its changes",
                tag: "macros",
                responses: [
                    "200": OpenAPIResponses.json(
                        "the preview",
                        Schema.response([
                            "macro_id": Schema.id, "body": Schema.string(description: "plain text"),
                            "changes": macroActions,
                        ]))
                ]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/tickets/{id}/macros/{macro_id}/apply",
                operationID: "applyMacro", summary: "Send the (edited) macro text and apply its field changes",
                tag: "macros",
                description: """
                    One transaction: the text is added as a reply (default) or note exactly as by the replies/notes \
                    routes, then the changes are applied as by PATCH /api/v1/tickets/{id}. An empty body applies \
                    only the changes. Light agents may only add notes with macros that change nothing.
                    """,
                requestBody: ("application/json", Schema.object([
                    "body": Schema.string(description: "at most 1 MiB of UTF-8"),
                    "kind": Schema.enumeration(ComposerKind.allCases.map(\.rawValue)),
                    "status": Schema.enumeration(TicketStatus.self),
                ])),
                idempotent: true,
                responses: [
                    "200": OpenAPIResponses.created(
                        "the ticket after the changes and the message added",
                        Schema.response([
                            "ticket": Schema.ref("Ticket"), "message": Schema.nullable(Schema.ref("Message")),
                        ])),
                ]),
        ]
    }

    private static var viewFilters: JSONValue {
        let ids = Schema.array(Schema.id, maxItems: SavedViewFilters.maxValues)
        let date = Schema.string(description: "ISO 8601 date-time or YYYY-MM-DD")
        return Schema.object([
            "statuses": Schema.array(Schema.enumeration(TicketStatus.self), maxItems: SavedViewFilters.maxValues),
            "priorities": Schema.array(Schema.enumeration(TicketPriority.self), maxItems: SavedViewFilters.maxValues),
            "assignee": Schema.enumeration(SavedViewAssignee.self, description: "me, none (unassigned) or user"),
            "assignee_id": Schema.id, "team_ids": ids,
            "tags": Schema.array(tagSchema, maxItems: Validation.maxTags),
            "channels": Schema.array(Schema.enumeration(Channel.self), maxItems: SavedViewFilters.maxValues),
            "inbox_ids": ids, "requester_ids": ids, "organization_ids": ids,
            "created_after": date, "created_before": date, "updated_after": date, "updated_before": date,
        ], description: "all optional; values of one field OR-ed, fields AND-ed, every tag required")
    }

    private static var view: JSONValue {
        Schema.response([
            "id": Schema.id, "name": Schema.string(), "shared": Schema.boolean,
            "owner_id": Schema.nullable(Schema.id), "filters": viewFilters,
            "sort": Schema.enumeration(TicketSort.self), "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
        ])
    }

    private static var viewOperations: [OpenAPIOperation] {
        let name = Schema.string(minLength: 1, maxLength: Validation.maxNameLength)
        return [
            OpenAPIOperation(
                method: "get", path: "/api/v1/views", operationID: "listViews",
                summary: "Shared saved views and the caller's own", tag: "views",
                responses: ["200": OpenAPIResponses.json("the views", OpenAPIResponses.list(view))]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/views", operationID: "createView", summary: "Save a custom view",
                tag: "views", access: .signedIn(.agent), description: "`shared: true` needs the admin role.",
                requestBody: ("application/json", Schema.object(
                    ["name": name, "shared": Schema.boolean, "filters": viewFilters,
                     "sort": Schema.enumeration(TicketSort.self)], required: ["name"])),
                idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created("the new view", view),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/views/{id}", operationID: "getView", summary: "One saved view",
                tag: "views", responses: ["200": OpenAPIResponses.json("the view", view)]),
            OpenAPIOperation(
                method: "patch", path: "/api/v1/views/{id}", operationID: "updateView", summary: "Change a view",
                tag: "views", description: "Admins change shared views, owners their own.",
                requestBody: ("application/json", Schema.object(
                    ["name": name, "filters": viewFilters, "sort": Schema.enumeration(TicketSort.self)])),
                responses: [
                    "200": OpenAPIResponses.json("the updated view", view),
                    "403": ["$ref": "#/components/responses/Forbidden"],
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "delete", path: "/api/v1/views/{id}", operationID: "deleteView", summary: "Delete a view",
                tag: "views", description: "Admins delete shared views, owners their own.",
                responses: [
                    "204": OpenAPIResponses.empty("deleted"),
                    "403": ["$ref": "#/components/responses/Forbidden"],
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/views/{id}/tickets", operationID: "listViewTickets",
                summary: "The tickets of a saved view, keyset-paged in its sort", tag: "views",
                parameters: [OpenAPIParameters.limit, OpenAPIParameters.cursor],
                responses: [
                    "200": OpenAPIResponses.json("a page of tickets", OpenAPIResponses.list(Schema.ref("Ticket")))
                ]),
        ]
    }

    private static var tagOperations: [OpenAPIOperation] {
        let change = Schema.response([
            "name": Schema.nullable(Schema.string(description: "the new name; null after a delete")),
            "ticket_count": Schema.integer(minimum: 0, description: "tickets changed"),
        ])
        let eventsNote = "Writes one ticket.updated event per affected ticket."
        return [
            OpenAPIOperation(
                method: "get", path: "/api/v1/tags", operationID: "listTags",
                summary: "Every tag in use with its ticket count", tag: "tags",
                responses: [
                    "200": OpenAPIResponses.json(
                        "the tags",
                        OpenAPIResponses.list(
                            Schema.response(["name": Schema.string(), "ticket_count": Schema.integer(minimum: 1)])))
                ]),
            OpenAPIOperation(
                method: "patch", path: "/api/v1/tags/{name}", operationID: "renameTag",
                summary: "Rename a tag on every ticket (merging with an existing tag of that name)", tag: "tags",
                access: .signedIn(.admin), description: "The path segment is the tag's name. " + eventsNote,
                requestBody: ("application/json", Schema.object(["name": tagSchema], required: ["name"])),
                responses: ["200": OpenAPIResponses.json("how many tickets changed", change)]),
            OpenAPIOperation(
                method: "delete", path: "/api/v1/tags/{name}", operationID: "deleteTag",
                summary: "Remove a tag from every ticket", tag: "tags", access: .signedIn(.admin),
                description: "The path segment is the tag's name. " + eventsNote,
                responses: ["200": OpenAPIResponses.json("how many tickets changed", change)]),
        ]
    }
}
