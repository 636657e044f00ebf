import SwitchboardCore

/// The query of `GET /api/v1/jobs`: `state` (one of queued, running, succeeded, dead), `limit` (1–100,
/// default 25) and `cursor` (the `next_cursor` of the previous page). Bad values → `invalidInput` naming the field.
struct JobListQuery: Equatable, Sendable {
    var state: JobState?
    var limit: Int
    var after: Int64?

    static let defaultLimit = 25
    static let maximumLimit = 100

    init(state: JobState? = nil, limit: Int = JobListQuery.defaultLimit, after: Int64? = nil) {
        self.state = state
        self.limit = limit
        self.after = after
    }

    /// Parses the raw query values (`nil` when a parameter is absent).
    init(state: String?, limit: String?, cursor: String?) throws {
        self.init()
        if let state {
            guard let parsed = JobState(rawValue: state) else {
                let allowed = JobState.allCases.map(\.rawValue).joined(separator: ", ")
                throw SwitchboardError.invalid("state", "must be one of \(allowed)")
            }
            self.state = parsed
        }
        if let limit {
            guard let parsed = Int(limit), (1...Self.maximumLimit).contains(parsed) else {
                throw SwitchboardError.invalid("limit", "must be an integer from 1 to \(Self.maximumLimit)")
            }
            self.limit = parsed
        }
        if let cursor {
            guard let parsed = Self.positiveID(cursor) else {
                throw SwitchboardError.invalid("cursor", "is not a cursor returned by this list")
            }
            self.after = parsed
        }
    }

    /// A positive decimal id without sign or spaces, else `nil`.
    static func positiveID(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int64(text), value > 0
        else { return nil }
        return value
    }
}
