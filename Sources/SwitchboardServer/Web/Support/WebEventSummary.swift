import SwitchboardCore

/// One line of the ticket history for an event: `status: new → open; assignee: — → Ada`.
enum WebEventSummary {
    static func describe(_ event: Event, users: [Int64: User]) -> String {
        switch event.type {
        case EventType.ticketCreated: return "created the ticket"
        case EventType.ticketMerged: return "merged tickets"
        case EventType.messageCreated:
            switch event.payload["kind"]?.stringValue {
            case "note": return "added an internal note"
            case "outbound": return "replied"
            case "inbound": return "wrote"
            default: return "added a message"
            }
        case EventType.ticketUpdated:
            guard case .object(let changes)? = event.payload["changes"] else { return "updated the ticket" }
            let parts = changes.keys.sorted().map { field -> String in
                let pair = changes[field]
                var before = "—", after = "—"
                if case .array(let values)? = pair, values.count == 2 {
                    before = text(values[0], field: field, users: users)
                    after = text(values[1], field: field, users: users)
                }
                return "\(field.replacingOccurrences(of: "_id", with: "").replacingOccurrences(of: "_", with: " ")): "
                    + "\(before) → \(after)"
            }
            return parts.isEmpty ? "updated the ticket" : parts.joined(separator: "; ")
        default:
            return event.type
        }
    }

    private static func text(_ value: JSONValue, field: String, users: [Int64: User]) -> String {
        switch value {
        case .null: return "—"
        case .string(let string): return string.isEmpty ? "—" : string
        case .bool(let flag): return flag ? "yes" : "no"
        case .number:
            if field == "assignee_id", let id = value.int64Value, let user = users[id] { return user.name }
            return value.int64Value.map(String.init) ?? "?"
        case .array(let items):
            return items.isEmpty ? "—" : items.map { text($0, field: field, users: users) }.joined(separator: ", ")
        case .object: return "…"
        }
    }
}
