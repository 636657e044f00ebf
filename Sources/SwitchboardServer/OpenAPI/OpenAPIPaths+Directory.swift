import SwitchboardCore

extension OpenAPIPaths {
    /// The caller, contacts, organizations, inboxes, users, teams and API tokens.
    static var directoryOperations: [OpenAPIOperation] {
        var operations: [OpenAPIOperation] = [
            OpenAPIOperation(
                method: "get", path: "/api/v1/me", operationID: "getMe", summary: "The caller and their account",
                tag: "account",
                responses: [
                    "200": OpenAPIResponses.json(
                        "the caller", Schema.response(["user": Schema.ref("User"), "account": Schema.ref("Account")]))
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/contacts", operationID: "listContacts",
                summary: "List or search contacts", tag: "contacts",
                parameters: [
                    OpenAPIParameters.query(
                        "q", Schema.string(maxLength: 1000), description: "matches name, email or phone"),
                    OpenAPIParameters.limit, OpenAPIParameters.cursor,
                ],
                responses: [
                    "200": OpenAPIResponses.json("a page of contacts", OpenAPIResponses.list(Schema.ref("Contact")))
                ]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/contacts", operationID: "createContact", summary: "Create a contact",
                tag: "contacts", requestBody: ("application/json", Schema.ref("ContactCreate")), idempotent: true,
                responses: ["201": OpenAPIResponses.created("the new contact", Schema.ref("Contact"))]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/contacts/{id}", operationID: "getContact",
                summary: "A contact with identities and their latest tickets", tag: "contacts",
                responses: ["200": OpenAPIResponses.json("the contact", Schema.ref("ContactWithTickets"))]),
            OpenAPIOperation(
                method: "patch", path: "/api/v1/contacts/{id}", operationID: "updateContact",
                summary: "Change a contact", tag: "contacts",
                requestBody: ("application/json", Schema.ref("ContactUpdate")),
                responses: ["200": OpenAPIResponses.json("the updated contact", Schema.ref("Contact"))]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/contacts/{id}/merge", operationID: "mergeContact",
                summary: "Merge source_id into this contact (identities and tickets move)", tag: "contacts",
                requestBody: ("application/json", Schema.ref("ContactMerge")),
                responses: [
                    "200": OpenAPIResponses.json("the merged contact", Schema.ref("Contact")),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
        ]
        operations += crud(
            "organizations", singular: "Organization", paged: true)
        operations += crud("inboxes", singular: "Inbox", paged: false)
        operations += crud("users", singular: "User", paged: false,
            createNote: "Only owners may create owners.")
        operations += crud("teams", singular: "Team", paged: false)
        operations += [
            OpenAPIOperation(
                method: "get", path: "/api/v1/tokens", operationID: "listTokens",
                summary: "The caller's own API tokens", tag: "tokens",
                responses: ["200": OpenAPIResponses.json("the tokens", OpenAPIResponses.list(Schema.ref("APIToken")))]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/tokens", operationID: "createToken",
                summary: "Create a personal API token; the secret is shown only in this answer", tag: "tokens",
                requestBody: ("application/json", Schema.ref("TokenCreate")), idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created(
                        "the token and its secret",
                        Schema.response([
                            "token": Schema.ref("APIToken"),
                            "secret": Schema.nullable(Schema.string(pattern: "^sbt_")),
                        ]))
                ]),
            OpenAPIOperation(
                method: "delete", path: "/api/v1/tokens/{id}", operationID: "revokeToken",
                summary: "Revoke one of the caller's tokens", tag: "tokens",
                responses: ["204": OpenAPIResponses.empty("revoked")]),
        ]
        return operations
    }

    /// GET list, POST create (admin), GET one, PATCH one (admin) of a simple resource.
    private static func crud(
        _ plural: String, singular: String, paged: Bool, createNote: String? = nil
    ) -> [OpenAPIOperation] {
        let schema = Schema.ref(singular)
        let base = "/api/v1/\(plural)"
        return [
            OpenAPIOperation(
                method: "get", path: base, operationID: "list" + plural.prefix(1).uppercased() + plural.dropFirst(),
                summary: "List \(plural)", tag: plural,
                parameters: paged ? [OpenAPIParameters.limit, OpenAPIParameters.cursor] : [],
                responses: ["200": OpenAPIResponses.json("the \(plural)", OpenAPIResponses.list(schema))]),
            OpenAPIOperation(
                method: "post", path: base, operationID: "create\(singular)",
                summary: "Create a \(singular.lowercased())",
                tag: plural, access: .signedIn(.admin), description: createNote,
                requestBody: ("application/json", Schema.ref("\(singular)Create")), idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created("the new \(singular.lowercased())", schema),
                ]),
            OpenAPIOperation(
                method: "get", path: "\(base)/{id}", operationID: "get\(singular)",
                summary: "One \(singular.lowercased())",
                tag: plural, responses: ["200": OpenAPIResponses.json("the \(singular.lowercased())", schema)]),
            OpenAPIOperation(
                method: "patch", path: "\(base)/{id}", operationID: "update\(singular)",
                summary: "Change a \(singular.lowercased())", tag: plural, access: .signedIn(.admin),
                description: createNote,
                requestBody: ("application/json", Schema.ref("\(singular)Update")),
                responses: ["200": OpenAPIResponses.json("the updated \(singular.lowercased())", schema)]),
        ]
    }
}
