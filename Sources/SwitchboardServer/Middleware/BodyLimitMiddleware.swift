import Hummingbird
import NIOCore
import SwitchboardCore

/// Refuses request bodies larger than the configured limit with 413, before any handler runs.
///
/// A declared `Content-Length` above the limit is refused at once; otherwise the body is collected up to the
/// limit (so chunked uploads are bounded too) and handed on as one buffer. Raw email uploads
/// (`…/raw-email`) may be as large as the mail size limit when that is the larger one.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int
    var rawEmailMaxBytes: Int = 0

    private func limit(for request: Request) -> Int {
        request.uri.path.hasSuffix("/raw-email") ? max(maxBytes, rawEmailMaxBytes) : maxBytes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let maxBytes = limit(for: request)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw SwitchboardError(.tooLarge, "the request body is larger than \(maxBytes) bytes")
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw SwitchboardError(.tooLarge, "the request body is larger than \(maxBytes) bytes")
        }
        return try await next(request, context)
    }
}
