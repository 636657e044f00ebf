import Foundation
import SwitchboardCore
import SwitchboardStorage

/// Failed-login throttling per email and per client address, counted in the database so that every instance
/// sees the same numbers. Too many failures in the window → 429 with `Retry-After`.
struct LoginThrottle: Sendable {
    let settings: ServerSettings

    static func emailKey(_ email: String) -> String { "email:" + email }
    static func addressKey(_ address: String) -> String { "ip:" + address }

    /// Throws 429 when either key has reached its limit within the window.
    func check(email: String, address: String, now: Date, database: Database) async throws {
        let since = now.addingTimeInterval(-seconds(settings.loginWindow))
        let (byEmail, byAddress) = try await database.read { db in
            let repository = LoginAttemptRepository()
            return (
                try await repository.failures(key: Self.emailKey(email), since: since, on: db),
                try await repository.failures(key: Self.addressKey(address), since: since, on: db)
            )
        }
        if byEmail >= settings.loginMaxFailuresPerEmail || byAddress >= settings.loginMaxFailuresPerAddress {
            var headers = HTTPFieldsBuilder()
            headers.retryAfter = Int(seconds(settings.loginWindow))
            throw APIError(
                SwitchboardError(.rateLimited, "too many failed sign-in attempts; try again later"),
                headers: headers.fields)
        }
    }

    /// Records one failure for both keys.
    func recordFailure(email: String, address: String, now: Date, database: Database) async throws {
        try await database.write { db in
            let repository = LoginAttemptRepository()
            try await repository.recordFailure(key: Self.emailKey(email), at: now, on: db)
            try await repository.recordFailure(key: Self.addressKey(address), at: now, on: db)
        }
    }

    private func seconds(_ duration: Duration) -> TimeInterval { TimeInterval(duration.components.seconds) }
}
