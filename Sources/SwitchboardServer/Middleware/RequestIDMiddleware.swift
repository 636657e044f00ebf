import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore

/// Gives every request an id: the incoming `X-Request-ID` when it is sane (1–128 characters of letters,
/// digits, `-`, `_`, `.`, `:`), otherwise a new random one. The id goes into the logger's metadata
/// (``LogKey/requestID``) and back to the client in the `X-Request-ID` response header.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let id = request.headers[Self.headerName].flatMap(Self.sanitize) ?? Self.generate()
        var context = context
        context.logger[metadataKey: LogKey.requestID] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.headerName] = id
        return response
    }

    static func sanitize(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
            })
        else { return nil }
        return value
    }

    /// A new id: 24 lower-case hex digits (96 random bits). Two 64-bit draws from the system generator: drawing a
    /// byte at a time made twelve `getrandom` system calls per request (4.8% of the request threads' CPU during
    /// ticket creates, docs/performance.md, "Session 12").
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let words = (generator.next(), generator.next())
        return withUnsafeBytes(of: words) { Hex.lowercase($0.prefix(12)) }
    }
}
