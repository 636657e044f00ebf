import SwitchboardCore

extension OpenAPIPaths {
    /// Custom field definitions and invitations by email.
    static var customFieldOperations: [OpenAPIOperation] {
        let definition = Schema.response([
            "id": Schema.id, "key": Schema.string(pattern: "^[a-z][a-z0-9_]{0,63}$"),
            "label": Schema.string(), "type": Schema.enumeration(CustomFieldType.self),
            "options": Schema.array(Schema.string()), "required_on_solve": Schema.boolean,
            "position": Schema.integer(minimum: 0), "active": Schema.boolean,
            "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
        ])
        let options = Schema.array(
            Schema.string(minLength: 1, maxLength: CustomFieldRules.maxOptionLength),
            maxItems: CustomFieldRules.maxOptions, uniqueItems: true)
        return [
            OpenAPIOperation(
                method: "get", path: "/api/v1/custom-fields", operationID: "listCustomFields",
                summary: "The account's ticket custom field definitions, by position", tag: "custom-fields",
                parameters: [
                    OpenAPIParameters.query(
                        "active", Schema.enumeration(["true", "false"]), description: "only active definitions")
                ],
                responses: ["200": OpenAPIResponses.json("the definitions", OpenAPIResponses.list(definition))]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/custom-fields", operationID: "createCustomField",
                summary: "Define a ticket custom field", tag: "custom-fields", access: .signedIn(.admin),
                description: "Once an account has definitions, ticket changes may only set active fields, with "
                    + "values of the field's type (a dropdown value must be one of its options).",
                requestBody: (
                    "application/json",
                    Schema.object(
                        [
                            "key": Schema.string(pattern: "^[a-z][a-z0-9_]{0,63}$"),
                            "label": Schema.string(minLength: 1, maxLength: Validation.maxNameLength),
                            "type": Schema.enumeration(CustomFieldType.self), "options": options,
                            "required_on_solve": Schema.boolean,
                            "position": Schema.integer(minimum: 0, maximum: 100_000),
                        ], required: ["key", "label", "type"])
                ),
                idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created("the new definition", definition),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
            OpenAPIOperation(
                method: "patch", path: "/api/v1/custom-fields/{id}", operationID: "updateCustomField",
                summary: "Change a custom field definition (key and type are fixed)", tag: "custom-fields",
                access: .signedIn(.admin),
                requestBody: (
                    "application/json",
                    Schema.object([
                        "label": Schema.string(minLength: 1, maxLength: Validation.maxNameLength), "options": options,
                        "required_on_solve": Schema.boolean, "position": Schema.integer(minimum: 0, maximum: 100_000),
                        "active": Schema.boolean,
                    ])
                ),
                responses: ["200": OpenAPIResponses.json("the updated definition", definition)]),
            OpenAPIOperation(
                method: "delete", path: "/api/v1/custom-fields/{id}", operationID: "deleteCustomField",
                summary: "Delete a custom field definition (values on tickets stay)", tag: "custom-fields",
                access: .signedIn(.admin), responses: ["204": OpenAPIResponses.empty("deleted")]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/invitations", operationID: "inviteUser",
                summary: "Invite a user by email with a one-time set-password link (valid 7 days)", tag: "users",
                access: .signedIn(.admin),
                description: "With an SMTP relay the link is emailed and `set_password_url` is null; without one "
                    + "the link is returned once for the admin to pass on. Only owners may invite owners.",
                requestBody: (
                    "application/json",
                    Schema.object(
                        [
                            "email": Schema.string(format: "email"),
                            "name": Schema.string(minLength: 1, maxLength: Validation.maxNameLength),
                            "role": Schema.enumeration(UserRole.self),
                        ], required: ["email", "name"])
                ),
                idempotent: true,
                responses: [
                    "201": OpenAPIResponses.created(
                        "the invited user",
                        Schema.response([
                            "user": Schema.ref("User"), "emailed": Schema.boolean,
                            "set_password_url": Schema.nullable(Schema.string()), "expires_at": Schema.dateTime,
                        ])),
                    "409": ["$ref": "#/components/responses/Conflict"],
                ]),
        ]
    }
}
