import Foundation
import SwitchboardCore

/// `Job`: `{id, account_id, kind, payload, state, attempts, max_attempts, run_at, last_error, created_at,
/// updated_at}` — the lease (`locked_by`, `locked_until`) stays internal.
public struct JobWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64?
    public var kind: String
    public var payload: JSONValue
    public var state: String
    public var attempts: Int
    public var maxAttempts: Int
    public var runAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, payload, state, attempts
        case accountID = "account_id", maxAttempts = "max_attempts", runAt = "run_at", lastError = "last_error"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(_ job: Job) {
        id = job.id
        accountID = job.accountID
        kind = job.kind
        payload = job.payload
        state = job.state.rawValue
        attempts = job.attempts
        maxAttempts = job.maxAttempts
        runAt = job.runAt
        lastError = job.lastError
        createdAt = job.createdAt
        updatedAt = job.updatedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(kind, forKey: .kind)
        try c.encode(payload, forKey: .payload)
        try c.encode(state, forKey: .state)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(runAt, forKey: .runAt)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
