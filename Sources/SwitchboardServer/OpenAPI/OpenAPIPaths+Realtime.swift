import SwitchboardCore

extension OpenAPIPaths {
    /// Jobs (admins) and the event stream.
    static var realtimeOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: "get", path: "/api/v1/jobs", operationID: "listJobs",
                summary: "Durable background jobs of the account, oldest first", tag: "jobs",
                access: .signedIn(.admin),
                parameters: [
                    OpenAPIParameters.query("state", Schema.enumeration(JobState.self)),
                    OpenAPIParameters.limit, OpenAPIParameters.cursor,
                ],
                responses: ["200": OpenAPIResponses.json("a page of jobs", OpenAPIResponses.list(Schema.ref("Job")))]),
            OpenAPIOperation(
                method: "get", path: "/api/v1/jobs/{id}", operationID: "getJob", summary: "One job", tag: "jobs",
                access: .signedIn(.admin),
                responses: ["200": OpenAPIResponses.json("the job", Schema.ref("Job"))]),
            OpenAPIOperation(
                method: "get", path: StreamController.path, operationID: "openEventStream",
                summary: "WebSocket of the account's events as they are committed", tag: "realtime",
                description: """
                    Upgrade with Connection: Upgrade and Upgrade: websocket. Credentials: the Bearer header, the \
                    session cookie, or ?access_token= (browsers). The server sends every committed event of the \
                    caller's account as a text frame {"type":"event","event":Event}; with ?after=<event id> it first \
                    replays the events after that id. The client may send {"type":"ping"} and gets \
                    {"type":"pong"}. A client that falls too far behind gets an error frame and is disconnected; \
                    it reconnects with after=<last id received>. Frames: see the StreamFrame schema. An upgrade \
                    request without valid credentials or with a bad after is refused with 400 before upgrading; \
                    the same request without upgrade headers gets 401, 400 or 426 with an Error body.
                    """,
                parameters: [
                    OpenAPIParameters.query(
                        "after", Schema.integer(minimum: 0), description: "replay events with a higher id first"),
                    OpenAPIParameters.query(
                        "access_token", Schema.string(minLength: 1, maxLength: 512),
                        description: "an API token, for clients that cannot send headers"),
                ],
                responses: [
                    "101": OpenAPIResponses.empty("switching to the WebSocket protocol"),
                    "426": OpenAPIResponses.json(
                        "upgrade required: the request did not ask for a WebSocket", Schema.ref("Error"),
                        headers: ["Upgrade": ["schema": Schema.enumeration(["websocket"])]]),
                ]),
        ]
    }
}
