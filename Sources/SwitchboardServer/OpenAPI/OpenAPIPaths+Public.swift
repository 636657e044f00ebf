import SwitchboardCore

extension OpenAPIPaths {
    /// Routes without authentication: operations, the document itself, login/logout and the web form.
    static var publicOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: "get", path: "/health", operationID: "getHealth", summary: "The process is alive",
                tag: "operations", access: .anonymous,
                responses: ["200": OpenAPIResponses.json("alive", Schema.ref("Status"))]),
            OpenAPIOperation(
                method: "get", path: "/ready", operationID: "getReady", summary: "The database answers",
                tag: "operations", access: .anonymous,
                responses: ["200": OpenAPIResponses.json("ready", Schema.ref("Status"))]),
            OpenAPIOperation(
                method: "get", path: "/metrics", operationID: "getMetrics", summary: "Prometheus metrics",
                tag: "operations", access: .anonymous,
                responses: [
                    "200": [
                        "description": "metrics in the Prometheus text format",
                        "content": ["text/plain": ["schema": Schema.string()]],
                    ]
                ]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/openapi.json", operationID: "getOpenAPIDocument",
                summary: "This OpenAPI 3.1 document", tag: "operations", access: .anonymous,
                responses: ["200": OpenAPIResponses.json("the document", ["type": "object"])]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/auth/login", operationID: "login",
                summary: "Sign in with email and password", tag: "auth", access: .anonymous,
                description: """
                    Sets the HttpOnly session cookie sb_session (SameSite=Lax). Repeated failures per email and \
                    per client address answer 429.
                    """,
                requestBody: ("application/json", Schema.ref("LoginRequest")),
                responses: [
                    "200": OpenAPIResponses.json(
                        "signed in", Schema.response(["user": Schema.ref("User"), "csrf_token": Schema.string()]),
                        headers: ["Set-Cookie": ["schema": Schema.string(), "description": "sb_session=…"]]),
                    "401": ["$ref": "#/components/responses/Unauthorized"],
                    "429": ["$ref": "#/components/responses/RateLimited"],
                ]),
            OpenAPIOperation(
                method: "post", path: "/api/v1/auth/logout", operationID: "logout",
                summary: "End the web session", tag: "auth", access: .anonymous,
                description: "Deletes the session of the sb_session cookie (if any) and clears the cookie.",
                responses: [
                    "204": OpenAPIResponses.empty("signed out"),
                    "403": ["$ref": "#/components/responses/Forbidden"],
                ]),
            OpenAPIOperation(
                method: "get", path: "/forms/{inbox_id}", operationID: "getWebForm",
                summary: "The public contact form of an inbox", tag: "forms", access: .anonymous,
                responses: [
                    "200": ["description": "the form", "content": ["text/html": ["schema": Schema.string()]]],
                    "404": ["description": "no such inbox, or its web form is off",
                            "content": ["text/html": ["schema": Schema.string()]]],
                ]),
            OpenAPIOperation(
                method: "post", path: "/forms/{inbox_id}", operationID: "submitWebForm",
                summary: "Send the contact form: creates a ticket (channel web_form)", tag: "forms",
                access: .anonymous,
                requestBody: ("application/x-www-form-urlencoded", Schema.ref("WebForm")),
                responses: [
                    "201": ["description": "thank-you page", "content": ["text/html": ["schema": Schema.string()]]],
                    "400": ["description": "the form again, naming the bad field",
                            "content": ["text/html": ["schema": Schema.string()]]],
                    "404": ["description": "no such inbox, or its web form is off",
                            "content": ["text/html": ["schema": Schema.string()]]],
                ]),
        ]
    }
}
