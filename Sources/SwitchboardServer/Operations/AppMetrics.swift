import Foundation
import Metrics
import Prometheus
import Synchronization

/// The process's Prometheus registry and the HTTP metrics the server records.
///
/// ``shared`` also bootstraps swift-metrics with a factory writing into the same registry (once per process), so
/// instruments other components create with swift-metrics (`Counter(label:)`, `Gauge(label:)`: jobs, realtime)
/// appear at `/metrics` too.
public final class AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// The process-wide instance; first use bootstraps the swift-metrics system.
    public static let shared: AppMetrics = {
        let metrics = AppMetrics(registry: PrometheusCollectorRegistry())
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        return metrics
    }()

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// One request series: its counter and its latency histogram.
    private struct RequestSeries: Sendable {
        let count: Prometheus.Counter
        let duration: DurationHistogram
    }

    private struct RequestSeriesKey: Hashable, Sendable {
        let method: String
        let route: String
        let status: Int
    }

    /// The request series made so far, so a request finds its instruments with one dictionary look-up instead of
    /// asking the registry for them by name and sorted labels (1.3% of the request threads' CPU during ticket
    /// creates, docs/performance.md, "Session 12"). As many entries as the registry holds series.
    private let requestSeries = Mutex<[RequestSeriesKey: RequestSeries]>([:])

    /// Records one finished request by method, route template and status.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let key = RequestSeriesKey(method: method, route: route, status: status)
        let series = requestSeries.withLock { known in
            if let series = known[key] { return series }
            let series = makeRequestSeries(key)
            known[key] = series
            return series
        }
        series.count.increment()
        series.duration.record(duration)
    }

    private func makeRequestSeries(_ key: RequestSeriesKey) -> RequestSeries {
        let labels = [("method", key.method), ("route", key.route), ("status", String(key.status))]
        let count = registry.makeCounter(
            descriptor: .init(
                metricName: "switchboard_http_requests", unitName: "total",
                helpText: "HTTP requests by method, route template and status"),
            labels: labels)
        let duration = registry.makeDurationHistogram(
            descriptor: .init(
                metricName: "switchboard_http_request_duration", unitName: "seconds",
                helpText: "HTTP request latency by method, route template and status"),
            labels: labels,
            buckets: Self.latencyBuckets)
        return RequestSeries(count: count, duration: duration)
    }

    /// The Prometheus text exposition of every registered metric.
    public func render() -> String { registry.emitToString() }
}
