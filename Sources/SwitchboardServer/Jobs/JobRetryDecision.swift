import Foundation
import SwitchboardCore

/// What happens to a job whose attempt failed — a pure function of the job, the error and the time.
public enum JobRetryDecision: Equatable, Sendable {
    /// Run again at this time.
    case retry(at: Date)
    /// Give up: the failure is permanent, or the attempts are used up.
    case dead

    /// Decides for `job` (as claimed: `attempts` already counts the failed attempt) at time `now`:
    /// a ``PermanentJobFailure`` or `attempts >= maxAttempts` → dead; otherwise retry after
    /// `policy.delay(afterAttempt: attempts, seed: id)` — exponential backoff with per-job jitter.
    public static func decide(job: Job, error: any Error, now: Date, policy: RetryPolicy) -> JobRetryDecision {
        if error is PermanentJobFailure || job.attempts >= job.maxAttempts { return .dead }
        let delay = policy.delay(afterAttempt: job.attempts, seed: UInt64(bitPattern: job.id))
        return .retry(at: now.adding(delay))
    }

    /// The `retryAt` to hand to the repository (`nil` marks the job dead).
    public var retryAt: Date? {
        if case .retry(let at) = self { return at }
        return nil
    }

    /// The text stored as the job's `last_error`: the error's own message for Switchboard and permanent
    /// errors, a type description otherwise; at most 1000 characters.
    public static func describe(_ error: any Error) -> String {
        let text: String
        switch error {
        case let error as PermanentJobFailure: text = error.message
        case let error as SwitchboardError: text = error.description
        case is CancellationError: text = "interrupted"
        default: text = String(describing: error)
        }
        return text.count > 1000 ? String(text.prefix(1000)) : text
    }
}

extension Date {
    /// This date moved forward by `duration`.
    func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
    }
}
