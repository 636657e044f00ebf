import SwitchboardCore

/// One route of the API document: method, path template and everything a client needs to call it.
///
/// Error answers that follow from the route's shape are added when rendering: 401 for authenticated routes,
/// 403 when a role is required, 400 for query/path/body problems, 404 for `{id}` routes, 413 and 415 for
/// JSON bodies, 409 for creates with `Idempotency-Key`, and 500/503 for every route.
struct OpenAPIOperation: Sendable {
    /// Who may call the route.
    enum Access: Sendable, Equatable {
        case anonymous
        /// Any signed-in user, or one whose role includes `role`.
        case signedIn(UserRole?)
    }

    /// Lower-case HTTP method (`get`, `post`, `patch`, `delete`).
    var method: String
    /// The path template, `{name}` for parameters (`/api/v1/tickets/{id}`).
    var path: String
    var operationID: String
    var summary: String
    var tag: String
    var access: Access = .signedIn(nil)
    var description: String?
    var parameters: [JSONValue] = []
    /// The request body's media type and schema.
    var requestBody: (mediaType: String, schema: JSONValue)?
    /// Further media types the body may be sent as, with the same schema.
    var alternativeMediaTypes: [String] = []
    /// Whether the route creates something and honours `Idempotency-Key`.
    var idempotent = false
    /// Status code → response object, for the answers particular to this route.
    var responses: [String: JSONValue]

    /// The `{name}` parameters of the path template.
    var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// The operation object of the document.
    func render() -> JSONValue {
        var responses = self.responses
        func add(_ status: String, _ name: String) {
            if responses[status] == nil { responses[status] = ["$ref": .string("#/components/responses/\(name)")] }
        }
        var parameters = self.parameters
        for name in pathParameterNames {
            // `{id}` and `{…_id}` are ids; other parameters (a tag's `{name}`) are short strings.
            let isID = name == "id" || name.hasSuffix("_id")
            parameters.insert(
                [
                    "name": .string(name), "in": "path", "required": true,
                    "schema": isID ? Schema.id : Schema.string(minLength: 1, maxLength: 255),
                    "description": .string(isID ? "a positive integer id" : "the \(name)"),
                ], at: 0)
        }
        if idempotent { parameters.append(OpenAPIParameters.idempotencyKey) }
        if !parameters.isEmpty || requestBody != nil { add("400", "BadRequest") }
        if !pathParameterNames.isEmpty { add("404", "NotFound") }
        if case .signedIn(let role) = access {
            add("401", "Unauthorized")
            if role != nil { add("403", "Forbidden") }
        }
        if requestBody != nil {
            add("413", "TooLarge")
            add("415", "UnsupportedMediaType")
        }
        if idempotent { add("409", "Conflict") }
        add("500", "InternalError")
        add("503", "Unavailable")

        var operation: [String: JSONValue] = [
            "operationId": .string(operationID),
            "summary": .string(summary),
            "tags": [.string(tag)],
            "responses": .object(responses),
        ]
        var text = description ?? ""
        if case .signedIn(let role?) = access {
            text += (text.isEmpty ? "" : " ") + "Needs the \(role.rawValue) role or higher."
        }
        if !text.isEmpty { operation["description"] = .string(text) }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let requestBody {
            operation["requestBody"] = [
                "required": true,
                "content": .object(
                    Dictionary(
                        ([requestBody.mediaType] + alternativeMediaTypes).map { ($0, ["schema": requestBody.schema]) },
                        uniquingKeysWith: { first, _ in first })),
            ]
        }
        switch access {
        case .anonymous: operation["security"] = []
        case .signedIn: operation["security"] = [["bearer": []], ["cookie": []]]
        }
        return .object(operation)
    }
}

/// Response objects shared by the operations.
enum OpenAPIResponses {
    /// A JSON answer with `schema`.
    static func json(_ description: String, _ schema: JSONValue, headers: JSONValue? = nil) -> JSONValue {
        var response: [String: JSONValue] = [
            "description": .string(description),
            "content": ["application/json": ["schema": schema]],
        ]
        if let headers { response["headers"] = headers }
        return .object(response)
    }

    /// A created resource, replayable with `Idempotency-Key`.
    static func created(_ description: String, _ schema: JSONValue) -> JSONValue {
        json(description, schema, headers: ["Idempotent-Replayed": OpenAPIParameters.replayedHeader])
    }

    /// `{"items": [item], "next_cursor": …}`.
    static func list(_ item: JSONValue) -> JSONValue {
        Schema.response(["items": Schema.array(item), "next_cursor": Schema.nullable(Schema.string())])
    }

    /// An answer without a body.
    static func empty(_ description: String) -> JSONValue { ["description": .string(description)] }

    /// The shared error answers, each with the Error body.
    static var components: JSONValue {
        func error(_ description: String) -> JSONValue {
            json(description, Schema.ref("Error"))
        }
        return [
            "BadRequest": error(
                "invalid_input: malformed JSON, wrong types, unknown enum values, bad ids or query parameters"),
            "Unauthorized": error("unauthenticated: no or invalid credentials"),
            "Forbidden": error(
                "forbidden: the role does not allow it, or a missing CSRF token with the session cookie"),
            "NotFound": error("not_found: no such thing in the caller's account"),
            "Conflict": error("conflict or invalid_transition"),
            "TooLarge": error("too_large: the body exceeds the configured limit"),
            "UnsupportedMediaType": error("invalid_input: the body is not JSON"),
            "RateLimited": json(
                "rate_limited: too many attempts", Schema.ref("Error"),
                headers: ["Retry-After": ["schema": Schema.integer(minimum: 0), "description": "seconds to wait"]]),
            "InternalError": error("internal_error: an unexpected failure (details only in the server log)"),
            "Unavailable": error("unavailable: the database does not answer"),
        ]
    }
}
