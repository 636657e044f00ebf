import Foundation
import Metrics
import Prometheus

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

    /// Records one finished request by method, route template and status.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(
                metricName: "switchboard_http_requests", unitName: "total",
                helpText: "HTTP requests by method, route template and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                metricName: "switchboard_http_request_duration", unitName: "seconds",
                helpText: "HTTP request latency by method, route template and status"),
            labels: labels,
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// The Prometheus text exposition of every registered metric.
    public func render() -> String { registry.emitToString() }
}
