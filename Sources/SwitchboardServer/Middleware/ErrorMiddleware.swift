import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore

/// Translates every error into the one JSON error shape, once, at the edge.
///
/// ``SwitchboardError`` and ``APIError`` keep their code; Hummingbird's own errors (unknown route, body too
/// large, bad request) are mapped to the matching code; a route that exists for other methods answers 405 with
/// `Allow`; anything else is a bug: a generic 500 for the client and one detailed log line for the operator.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return translate(error, request: request, context: context)
        }
    }

    func translate(_ error: any Error, request: Request, context: Context) -> Response {
        let (body, status, headers) = classify(error, request: request, context: context)
        if status.code >= 500 && body.code == .internalError {
            context.logger.error("request failed with an unexpected error", metadata: [
                LogKey.error: "\(String(reflecting: error))",
                LogKey.method: "\(request.method.rawValue)",
                LogKey.path: "\(request.uri.path)",
            ])
        } else {
            context.logger.debug("request rejected", metadata: [
                LogKey.errorCode: "\(body.code.rawValue)",
                LogKey.status: "\(status.code)",
            ])
        }
        let bytes = (try? APIJSON.encoder.encode(ErrorBody(body))) ?? []
        return APIJSON.bytesResponse(bytes, status: status, headers: headers)
    }

    private func classify(_ error: any Error, request: Request, context: Context)
        -> (SwitchboardError, HTTPResponse.Status, HTTPFields)
    {
        switch error {
        case let error as APIError:
            return (error.error, error.status ?? error.error.code.httpStatus, error.headers)
        case let error as SwitchboardError:
            var headers: HTTPFields = [:]
            if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
            return (error, error.code.httpStatus, headers)
        case let error as DecodingError:
            let translated = DecodingErrorTranslation.translate(error)
            return (translated, .badRequest, [:])
        case is NIOTooManyBytesError:
            return (SwitchboardError(.tooLarge, "the request body is too large"), .contentTooLarge, [:])
        case let error as HTTPError:
            return classify(httpStatus: error.status, message: error.body, request: request, context: context)
        case let error as any HTTPResponseError:
            return classify(httpStatus: error.status, message: nil, request: request, context: context)
        default:
            return (SwitchboardError(.internalError, "an internal error occurred"), .internalServerError, [:])
        }
    }

    private func classify(httpStatus: HTTPResponse.Status, message: String?, request: Request, context: Context)
        -> (SwitchboardError, HTTPResponse.Status, HTTPFields)
    {
        switch httpStatus.code {
        case 404:
            let allowed = routes.allowedMethods(for: request.uri.path)
            if !allowed.isEmpty {
                var headers: HTTPFields = [:]
                headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return (SwitchboardError(.invalidInput, "method \(request.method.rawValue) is not allowed here"),
                    .methodNotAllowed, headers)
            }
            return (SwitchboardError(.notFound, "no such route"), .notFound, [:])
        case 401: return (SwitchboardError(.unauthenticated, "authentication required"), .unauthorized, [:])
        case 403: return (SwitchboardError(.forbidden, "not allowed"), .forbidden, [:])
        case 413: return (SwitchboardError(.tooLarge, "the request body is too large"), .contentTooLarge, [:])
        case 429: return (SwitchboardError(.rateLimited, "too many requests"), .tooManyRequests, [:])
        case 503: return (SwitchboardError(.unavailable, "service unavailable"), .serviceUnavailable, [:])
        case 400..<500:
            return (SwitchboardError(.invalidInput, message ?? "the request is not valid"), httpStatus, [:])
        default:
            return (SwitchboardError(.internalError, "an internal error occurred"), .internalServerError, [:])
        }
    }
}
