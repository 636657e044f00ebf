import Hummingbird
import Logging
import SwitchboardCore

/// Runs before the WebSocket upgrade decision: authenticates the caller and parses `?after=`.
///
/// It never answers by itself; a request it cannot accept is left without identity (or with
/// ``StreamRequestContext/afterIsInvalid``), the upgrade is declined, and the ordinary HTTP router answers it
/// with the proper 401 or 400 JSON error.
struct StreamAuthMiddleware: RouterMiddleware {
    typealias Context = StreamRequestContext

    let authenticator: StreamAuthenticator

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        switch StreamQuery.after(request.uri.queryParameters["after"].map(String.init)) {
        case .success(let after): context.after = after
        case .failure: context.afterIsInvalid = true
        }
        do {
            context.identity = try await authenticator.identity(for: request, logger: context.logger)
        } catch {
            context.logger.warning("stream authentication failed", metadata: ["switchboard.error": "\(error)"])
        }
        return try await next(request, context)
    }
}

/// Parsing of the stream's query parameters, shared by the WebSocket and the plain-HTTP routes.
enum StreamQuery {
    /// `after`: absent → `nil`; a non-negative integer → its value; anything else → an `invalidInput` error.
    static func after(_ text: String?) -> Result<Int64?, SwitchboardError> {
        guard let text else { return .success(nil) }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int64(text)
        else {
            return .failure(.invalid("after", "must be an event id (a non-negative integer)"))
        }
        return .success(value)
    }
}
