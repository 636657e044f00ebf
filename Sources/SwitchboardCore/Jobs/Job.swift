import Foundation

/// Where a durable background job stands.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Waiting to run at or after `runAt`.
    case queued
    /// Claimed by a worker whose lease has not expired.
    case running
    /// Finished successfully.
    case succeeded
    /// Gave up after the maximum number of attempts, or failed permanently.
    case dead
}

/// Durable background work: send a mail, deliver a webhook, run an SLA check.
public struct Job: Sendable, Codable, Equatable {
    public var id: Int64
    /// The account the job works for, or `nil` for installation-wide work.
    public var accountID: Int64?
    /// The handler name, e.g. `mail.send`.
    public var kind: String
    public var payload: JSONValue
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    /// Earliest time the job may run (the next retry, for failed attempts).
    public var runAt: Date
    /// The worker that holds the job and until when, while running.
    public var lockedBy: String?
    public var lockedUntil: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64?, kind: String, payload: JSONValue, state: JobState = .queued, attempts: Int = 0,
        maxAttempts: Int = 8, runAt: Date, lockedBy: String? = nil, lockedUntil: Date? = nil,
        lastError: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.lockedBy = lockedBy
        self.lockedUntil = lockedUntil
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Exponential backoff with a cap and deterministic jitter, as a pure function of the attempt number.
public struct RetryPolicy: Sendable, Equatable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .seconds(5), maximum: Duration = .seconds(3600)) {
        self.base = base
        self.maximum = maximum
    }

    /// The delay before the attempt after `attempt` failures (1-based): base·2^(attempt-1), capped,
    /// with up to 20 % jitter derived from `seed` so that simultaneous failures spread out.
    public func delay(afterAttempt attempt: Int, seed: UInt64 = 0) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = base * (1 << exponent)
        let capped = raw > maximum ? maximum : raw
        let jitterPermille = Int(seed % 200)
        return capped + capped * jitterPermille / 1000
    }
}
