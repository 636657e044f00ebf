import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /health` (the process answers), `GET /ready` (the database answers; 503 otherwise) and `GET /metrics`
/// (Prometheus text format).
struct OperationsController {
    let dependencies: AppDependencies

    struct Status: Codable {
        var status: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("health", use: health)
        router.get("ready", use: ready)
        router.get("metrics", use: metrics)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        try APIJSON.response(Status(status: "ok"))
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await dependencies.database.ping()
        } catch {
            context.logger.warning("readiness check failed", metadata: [LogKey.error: "\(error)"])
            throw SwitchboardError(.unavailable, "the database does not answer")
        }
        return try APIJSON.response(Status(status: "ready"))
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = dependencies.metrics.render()
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
