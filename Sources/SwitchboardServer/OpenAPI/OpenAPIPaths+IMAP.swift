import SwitchboardCore

extension OpenAPIPaths {
    /// IMAP polling of an email inbox's mailbox: settings and status (admins only).
    static var imapOperations: [OpenAPIOperation] {
        let security = Schema.enumeration(["tls", "starttls", "none"])
        let auth = Schema.enumeration(["auto", "login", "plain"])
        let folder = Schema.string(minLength: 1, maxLength: 255, description: "no control characters, * or %")
        let settings = Schema.response([
            "inbox_id": Schema.id, "host": Schema.string(), "port": Schema.integer(minimum: 1, maximum: 65535),
            "security": security, "auth_method": auth, "username": Schema.string(),
            "password_set": Schema.boolean, "folder": Schema.string(),
            "processed_folder": Schema.nullable(Schema.string()), "enabled": Schema.boolean,
            "status": Schema.response([
                "uid_validity": Schema.nullable(Schema.integer(minimum: 0)),
                "last_uid": Schema.integer(minimum: 0),
                "last_poll_at": Schema.nullable(Schema.dateTime),
                "last_error": Schema.nullable(Schema.string()),
                "last_error_at": Schema.nullable(Schema.dateTime),
                "rejected_count": Schema.integer(minimum: 0),
            ]),
            "created_at": Schema.dateTime, "updated_at": Schema.dateTime,
        ], description: "the password is never returned")
        let body = Schema.object([
            "host": Schema.string(minLength: 1, maxLength: 253, description: "host name or IP address"),
            "port": Schema.integer(minimum: 1, maximum: 65535, description: "default 993 for tls, else 143"),
            "security": Schema.enumeration(
                ["tls", "starttls", "none"], description: "default tls; none only for a trusted local server"),
            "auth_method": Schema.enumeration(
                ["auto", "login", "plain"], description: "default auto: AUTHENTICATE PLAIN when offered, else LOGIN"),
            "username": Schema.string(minLength: 1, maxLength: 320),
            "password": Schema.string(
                minLength: 1, description: "required when creating; omitted keeps the stored one; at most 1024 bytes"),
            "folder": folder,
            "processed_folder": Schema.nullable(folder),
            "enabled": Schema.boolean,
        ], required: ["host", "username"])
        let path = "/api/v1/inboxes/{id}/imap"
        return [
            OpenAPIOperation(
                method: "get", path: path, operationID: "getInboxIMAP",
                summary: "The inbox's IMAP polling settings and status", tag: "inboxes", access: .signedIn(.admin),
                description: "404 when the inbox has no IMAP settings.",
                responses: ["200": OpenAPIResponses.json("the settings and status", settings)]),
            OpenAPIOperation(
                method: "put", path: path, operationID: "putInboxIMAP",
                summary: "Set the inbox's IMAP polling settings", tag: "inboxes", access: .signedIn(.admin),
                description: """
                    Polls the folder of an existing mailbox (IMAP4rev1, IDLE when offered) into tickets. Processed \
                    mail is moved to processed_folder, or flagged \\Seen when it is null. The password is stored \
                    sealed and never returned. The inbox must be an email inbox. Changing host, port, username or \
                    folder restarts the cursor; Message-ID de-duplication keeps mail from being stored twice.
                    """,
                requestBody: ("application/json", body),
                responses: [
                    "201": OpenAPIResponses.created("created", settings),
                    "200": OpenAPIResponses.json("changed", settings),
                ]),
            OpenAPIOperation(
                method: "delete", path: path, operationID: "deleteInboxIMAP",
                summary: "Stop polling and forget the inbox's IMAP settings", tag: "inboxes", access: .signedIn(.admin),
                responses: ["204": OpenAPIResponses.empty("removed")]),
        ]
    }
}
