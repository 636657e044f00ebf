/// The payload PostgreSQL carries on the `switchboard_events` channel: `<account_id>:<event_id>`.
///
/// Storage sends it with `pg_notify` inside the transaction that writes the event, so it arrives on COMMIT,
/// in commit order. A notification carries only the ids; the hub reads the event itself.
public struct EventNotification: Sendable, Equatable {
    public var accountID: Int64
    public var eventID: Int64

    public init(accountID: Int64, eventID: Int64) {
        self.accountID = accountID
        self.eventID = eventID
    }

    /// Parses `<account_id>:<event_id>` (two positive decimal integers). `nil` for anything else, so a stray
    /// or malformed notification is ignored instead of crashing the listener.
    public init?(payload: String) {
        let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy(Self.isDecimal),
            let accountID = Int64(parts[0]), let eventID = Int64(parts[1]),
            accountID > 0, eventID > 0
        else { return nil }
        self.init(accountID: accountID, eventID: eventID)
    }

    private static func isDecimal(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The wire form, `<account_id>:<event_id>`.
    public var payload: String { "\(accountID):\(eventID)" }
}
