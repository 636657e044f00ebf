import Foundation
import Hummingbird
import Logging
import SwitchboardCore

/// Thrown by web handlers to send the browser elsewhere (303 See Other).
struct WebRedirect: Error, Sendable {
    let location: String

    /// The sign-in page, coming back to `next` afterwards.
    static func login(next: String?) -> WebRedirect {
        guard let next, WebPaths.isSafeNext(next), next != "/" else { return WebRedirect(location: "/login") }
        return WebRedirect(location: "/login?next=" + WebPaths.queryEscape(next))
    }

    var response: Response {
        var fields: HTTPFields = [.location: location]
        fields[.cacheControl] = "no-store"
        WebSecurityHeaders.apply(to: &fields)
        return Response(status: .seeOther, headers: fields)
    }
}

/// Turns errors of web routes into HTML pages (or JSON for the few JSON helpers of the web UI), once.
///
/// `SwitchboardError` keeps its status (404 for things of other accounts); anything else is a generic 500 page
/// and one log line. Redirects become 303.
struct WebErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: WebRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let redirect as WebRedirect {
            return redirect.response
        } catch {
            let translated = translate(error, context: context)
            if wantsJSON(request) {
                var fields: HTTPFields = [:]
                WebSecurityHeaders.apply(to: &fields)
                return try APIJSON.response(ErrorBody(translated), status: translated.code.httpStatus, headers: fields)
            }
            return renderer.response(.error, [
                "title": title(for: translated.code),
                "message": translated.message,
            ], status: translated.code.httpStatus)
        }
    }

    private func translate(_ error: any Error, context: Context) -> SwitchboardError {
        switch error {
        case let error as SwitchboardError:
            return error
        case let error as APIError:
            return error.error
        case let error as HTTPError where error.status == .notFound:
            return SwitchboardError(.notFound, "This page does not exist.")
        case let error as HTTPError where (400..<500).contains(error.status.code):
            return SwitchboardError(.invalidInput, "The request is not valid.")
        default:
            context.logger.error("web page failed", metadata: [LogKey.error: "\(String(reflecting: error))"])
            return SwitchboardError(.internalError, "Something went wrong on our side. Please try again.")
        }
    }

    private func wantsJSON(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("application/json") == true
            || request.headers[.contentType]?.contains("application/json") == true
    }

    private func title(for code: SwitchboardError.Code) -> String {
        switch code {
        case .notFound: "Not found"
        case .forbidden: "Not allowed"
        case .unauthenticated: "Sign in required"
        case .invalidInput: "Invalid request"
        case .tooLarge: "Too large"
        case .rateLimited: "Too many requests"
        case .unavailable: "Temporarily unavailable"
        default: "Something went wrong"
        }
    }
}

/// Helpers for paths and query strings of the web UI.
enum WebPaths {
    /// Whether `next` is a local path to return to after sign-in (no scheme, no `//host`, no backslash).
    static func isSafeNext(_ next: String) -> Bool {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") && next.utf8.count <= 512
            && next.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
            && !next.hasPrefix("/login") && !next.hasPrefix("/logout")
    }

    /// Percent-escapes a query value.
    static func queryEscape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Builds `path?name=value&…` from the non-empty values.
    static func url(_ path: String, _ query: [(String, String?)]) -> String {
        let parts = query.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + queryEscape(value)
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }
}
