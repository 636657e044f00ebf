import Foundation
import SwitchboardCore

/// Tuning of a ``JobRunner``.
///
/// | setting | default | meaning |
/// |---|---|---|
/// | `workerID` | `<host>-<pid>-<random>` | recorded as `locked_by` on claimed jobs; unique per runner |
/// | `lease` | `30 s` | how long a claim holds before another worker may take the job (renewed every `lease/3`) |
/// | `pollInterval` | `1 s` | pause after a poll that found nothing due |
/// | `concurrency` | `4` | most jobs claimed at once and run in parallel |
/// | `retryPolicy` | base `5 s`, cap `1 h` | backoff between attempts (Core's ``RetryPolicy``) |
public struct JobRunnerSettings: Sendable {
    public var workerID: String
    public var lease: Duration
    public var pollInterval: Duration
    public var concurrency: Int
    public var retryPolicy: RetryPolicy

    /// The defaults in the table above.
    public init(
        workerID: String = JobRunnerSettings.defaultWorkerID(),
        lease: Duration = .seconds(30),
        pollInterval: Duration = .seconds(1),
        concurrency: Int = 4,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.workerID = workerID
        self.lease = lease > .zero ? lease : .seconds(30)
        self.pollInterval = pollInterval > .zero ? pollInterval : .seconds(1)
        self.concurrency = max(1, concurrency)
        self.retryPolicy = retryPolicy
    }

    /// `<host name>-<process id>-<8 random hex digits>`.
    public static func defaultWorkerID() -> String {
        let host = ProcessInfo.processInfo.hostName
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
    }
}
