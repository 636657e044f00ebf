import Metrics
import Synchronization

/// The runner's swift-metrics instruments (exported by the Prometheus registry at `/metrics`):
/// `switchboard_jobs_run_total`, `switchboard_jobs_succeeded_total`, `switchboard_jobs_failed_total` and
/// `switchboard_jobs_dead_total` by `kind`, and the gauge `switchboard_jobs_in_flight`.
struct JobMetrics: Sendable {
    private let inFlight = InFlightCount()
    // Instruments are looked up when used, so that they bind to the metrics backend bootstrapped by then.
    private var inFlightGauge: Gauge { Gauge(label: "switchboard_jobs_in_flight") }

    /// An attempt started.
    func started(kind: String) {
        Counter(label: "switchboard_jobs_run_total", dimensions: [("kind", kind)]).increment()
        inFlightGauge.record(inFlight.add(1))
    }

    /// An attempt ended, whatever its outcome.
    func finished() {
        inFlightGauge.record(inFlight.add(-1))
    }

    /// An attempt succeeded and the job is done.
    func succeeded(kind: String) {
        Counter(label: "switchboard_jobs_succeeded_total", dimensions: [("kind", kind)]).increment()
    }

    /// An attempt failed; `dead` when the job will not be retried.
    func failed(kind: String, dead: Bool) {
        Counter(label: "switchboard_jobs_failed_total", dimensions: [("kind", kind)]).increment()
        if dead { Counter(label: "switchboard_jobs_dead_total", dimensions: [("kind", kind)]).increment() }
    }
}

/// A shared counter of running jobs.
final class InFlightCount: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds `delta` and returns the new value.
    func add(_ delta: Int) -> Int { value.wrappingAdd(delta, ordering: .relaxed).newValue }
}
