import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI document, without authentication.
public struct OpenAPIController: Sendable {
    public init() {}

    /// Registers `GET openapi.json` on a group at `/api/v1` that does NOT require authentication.
    public func addRoutes<Context: RequestContext>(to group: RouterGroup<Context>) {
        group.get("openapi.json") { _, _ in
            APIJSON.bytesResponse(OpenAPIDocument.json, status: .ok, headers: [.cacheControl: "public, max-age=300"])
        }
    }
}
