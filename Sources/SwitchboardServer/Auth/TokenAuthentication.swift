import Foundation
import Logging
import SwitchboardCore
import SwitchboardStorage

/// Looks up a personal API token on a reader connection and, at most once a minute per token, records its use in
/// a separate write (readers never write: on SQLite they are `query_only`).
struct TokenAuthentication: Sendable {
    let database: Database

    /// The token and its active user for `secret`, or `nil`.
    ///
    /// A failed `last_used_at` refresh is logged and does not fail the request it rides on.
    func authenticate(secret: String, now: Date, logger: Logger) async throws -> (token: APIToken, user: User)? {
        let repository = APITokenRepository()
        guard let found = try await database.read({ db in try await repository.authenticate(secret: secret, on: db) })
        else { return nil }
        guard APITokenRepository.isUseStale(found.token, now: now) else { return found }
        do {
            let tokenID = found.token.id
            _ = try await database.write { db in try await repository.recordUse(id: tokenID, now: now, on: db) }
        } catch {
            logger.warning("could not record an API token's use", metadata: [
                "switchboard.token_id": "\(found.token.id)", "switchboard.error": "\(error)",
            ])
        }
        var token = found.token
        token.lastUsedAt = now
        return (token, found.user)
    }
}
