import Hummingbird
import Logging

/// Counts requests and measures their latency by method, route TEMPLATE (`/api/v1/tickets/{id}`, never the raw
/// path, so ids do not explode the label set) and status, and writes one access log line per request.
///
/// Sits outside the error middleware, so the status it sees is the one the client gets.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: AppMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request, context)
        let duration = clock.now - start
        let route = context.endpointPath.map { $0 == "NotFound" ? "unmatched" : $0 } ?? "unmatched"
        metrics.recordRequest(
            method: request.method.rawValue, route: route, status: response.status.code, duration: duration)
        let milliseconds = Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15
        context.logger.info("request", metadata: [
            LogKey.method: .string(request.method.rawValue),
            LogKey.route: .string(route),
            LogKey.status: .stringConvertible(response.status.code),
            LogKey.durationMS: .stringConvertible((milliseconds * 10).rounded() / 10),
        ])
        return response
    }
}
