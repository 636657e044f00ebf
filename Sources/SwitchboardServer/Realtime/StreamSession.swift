import SwitchboardCore

/// The outbound side of one stream connection: optional catch-up from the database, then live events,
/// with no gap and no duplicate between the two.
///
/// The subscription must be taken BEFORE the catch-up query runs: an event committed meanwhile then shows up
/// in the query, in the live queue, or in both — and the ids sent during catch-up filter the live queue.
struct StreamSession: Sendable {
    /// How the outbound side ended.
    enum Outcome: Equatable, Sendable {
        /// The subscription ended (`overflow`, `shutdown` or `cancelled`).
        case ended(RealtimeSubscription.EndReason?)
        /// The client was further behind than ``RealtimeSettings/replayLimit``.
        case tooFarBehind
    }

    var source: any RealtimeEventSource
    var settings: RealtimeSettings

    /// Sends catch-up events after `after` (when given), then every live event not already sent, until the
    /// subscription ends. Before returning because of an overflow or a too-long catch-up, it sends an error
    /// frame telling the client how to resume.
    func run(
        subscription: RealtimeSubscription, after: Int64?,
        send: @Sendable (StreamServerFrame) async throws -> Void
    ) async throws -> Outcome {
        var sent = Set<Int64>()
        var lastSent = after
        if let after {
            var cursor = after
            while true {
                let page = try await source.events(
                    accountID: subscription.accountID, afterID: cursor, limit: settings.replayBatchSize)
                for event in page where sent.insert(event.id).inserted {
                    try await send(.event(event))
                    lastSent = event.id
                }
                guard page.count == settings.replayBatchSize, let last = page.last else { break }
                if sent.count >= settings.replayLimit {
                    try await send(.error(SwitchboardError(
                        .tooLarge,
                        "more than \(settings.replayLimit) events were missed; "
                            + "reload, then reconnect with after=\(last.id)",
                        field: "after")))
                    return .tooFarBehind
                }
                cursor = last.id
            }
        }
        for await event in subscription where !sent.contains(event.id) {
            try await send(.event(event))
            lastSent = event.id
        }
        let reason = subscription.endReason
        if reason == .overflow {
            let resume = lastSent.map { "reconnect with after=\($0)" } ?? "reconnect"
            try await send(.error(SwitchboardError(
                .rateLimited, "the connection fell too far behind the event stream; \(resume)")))
        }
        return .ended(reason)
    }
}
