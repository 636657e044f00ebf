import Foundation
import SwitchboardCore

/// Display texts for the web UI: labels of enum values, times and sizes.
enum WebFormat {
    static func label(_ status: TicketStatus) -> String {
        switch status {
        case .new: "New"
        case .open: "Open"
        case .pending: "Pending"
        case .onHold: "On hold"
        case .solved: "Solved"
        case .closed: "Closed"
        }
    }

    static func label(_ priority: TicketPriority) -> String { priority.rawValue.capitalized }

    static func label(_ type: TicketType) -> String { type.rawValue.capitalized }

    static func label(_ channel: Channel) -> String {
        switch channel {
        case .email: "Email"
        case .chat: "Chat"
        case .webForm: "Web form"
        case .phone: "Phone"
        case .api: "API"
        case .messaging: "Messaging"
        case .agent: "Agent"
        }
    }

    static func label(_ role: UserRole) -> String {
        switch role {
        case .owner: "Owner"
        case .admin: "Admin"
        case .agent: "Agent"
        case .lightAgent: "Light agent"
        }
    }

    static func label(_ kind: ContactIdentityKind) -> String {
        switch kind {
        case .email: "Email"
        case .phone: "Phone"
        case .chatVisitor: "Chat"
        case .externalID: "External id"
        }
    }

    /// `2026-11-22T10:00:00Z`, for `<time datetime>`.
    static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// `2026-11-22 10:00 UTC`.
    static func full(_ date: Date) -> String {
        let iso = iso(date)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }

    /// `just now`, `5 min ago`, `3 h ago`, `2 d ago`, then the date.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date))
        if seconds < 45 { return "just now" }
        if seconds < 3600 { return "\(max(1, seconds / 60)) min ago" }
        if seconds < 86400 { return "\(seconds / 3600) h ago" }
        if seconds < 7 * 86400 { return "\(seconds / 86400) d ago" }
        return String(iso(date).prefix(10))
    }

    /// `512 B`, `3.4 KB`, `1.2 MB`.
    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let kilobytes = Double(bytes) / 1024
        if kilobytes < 1024 { return String(format: "%.1f KB", kilobytes) }
        return String(format: "%.1f MB", kilobytes / 1024)
    }

    /// The text of a custom field value.
    static func text(_ value: CustomFieldValue) -> String {
        switch value {
        case .string(let string): string
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "Yes" : "No"
        case .null: "—"
        }
    }
}
