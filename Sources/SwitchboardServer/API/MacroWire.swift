import Foundation
import SwitchboardCore
import SwitchboardStorage

/// A macro's field changes on the wire: every key present, `null` when the macro leaves the field alone.
struct MacroActionsWire: Codable, Sendable, Equatable {
    var status: String?
    var priority: String?
    var type: String?
    var assigneeID: Int64?
    var teamID: Int64?
    var addTags: [String]
    var removeTags: [String]

    enum CodingKeys: String, CodingKey {
        case status, priority, type
        case assigneeID = "assignee_id"
        case teamID = "team_id"
        case addTags = "add_tags"
        case removeTags = "remove_tags"
    }

    init(_ actions: MacroActions) {
        status = actions.status?.rawValue
        priority = actions.priority?.rawValue
        type = actions.type?.rawValue
        assigneeID = actions.assigneeID
        teamID = actions.teamID
        addTags = actions.addTags
        removeTags = actions.removeTags
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(priority, forKey: .priority)
        try c.encode(type, forKey: .type)
        try c.encode(assigneeID, forKey: .assigneeID)
        try c.encode(teamID, forKey: .teamID)
        try c.encode(addTags, forKey: .addTags)
        try c.encode(removeTags, forKey: .removeTags)
    }
}

/// `Macro` as the API shows it.
struct MacroWire: Codable, Sendable, Equatable {
    var id: Int64
    var name: String
    var body: String
    var visibility: String
    var teamID: Int64?
    var ownerID: Int64?
    var actions: MacroActionsWire
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, body, visibility, actions
        case teamID = "team_id"
        case ownerID = "owner_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ macro: Macro) {
        id = macro.id
        name = macro.name
        body = macro.body
        visibility = macro.visibility.rawValue
        teamID = macro.teamID
        ownerID = macro.ownerID
        actions = MacroActionsWire(macro.actions)
        createdAt = macro.createdAt
        updatedAt = macro.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(body, forKey: .body)
        try c.encode(visibility, forKey: .visibility)
        try c.encode(teamID, forKey: .teamID)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(actions, forKey: .actions)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// Request bodies of the macro routes.
enum MacroRequests {
    /// Field changes as sent by clients; enum values are checked with a message listing the allowed ones.
    struct Actions: Decodable {
        var status: String?
        var priority: String?
        var type: String?
        var assigneeID: Int64?
        var teamID: Int64?
        var addTags: [String]?
        var removeTags: [String]?

        enum CodingKeys: String, CodingKey {
            case status, priority, type
            case assigneeID = "assignee_id"
            case teamID = "team_id"
            case addTags = "add_tags"
            case removeTags = "remove_tags"
        }

        func actions() throws -> MacroActions {
            MacroActions(
                status: try status.map { try InputRules.enumValue($0, TicketStatus.self, field: "actions.status") },
                priority: try priority.map {
                    try InputRules.enumValue($0, TicketPriority.self, field: "actions.priority")
                },
                type: try type.map { try InputRules.enumValue($0, TicketType.self, field: "actions.type") },
                assigneeID: try assigneeID.map { try InputRules.id($0, field: "actions.assignee_id") },
                teamID: try teamID.map { try InputRules.id($0, field: "actions.team_id") },
                addTags: try InputRules.tags(addTags, field: "actions.add_tags") ?? [],
                removeTags: try InputRules.tags(removeTags, field: "actions.remove_tags") ?? [])
        }
    }

    struct Create: Decodable {
        var name: String
        var body: String?
        var visibility: String?
        var teamID: Int64?
        var actions: Actions?

        enum CodingKeys: String, CodingKey {
            case name, body, visibility, actions
            case teamID = "team_id"
        }
    }

    /// Every key optional; `team_id: null` clears the team.
    struct Update: Decodable {
        var name: String?
        var body: String?
        var visibility: String?
        var teamID: Int64??
        var actions: Actions?

        enum CodingKeys: String, CodingKey {
            case name, body, visibility, actions
            case teamID = "team_id"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            body = try c.decodeIfPresent(String.self, forKey: .body)
            visibility = try c.decodeIfPresent(String.self, forKey: .visibility)
            teamID = try c.decodePatch(Int64.self, forKey: .teamID)
            actions = try c.decodeIfPresent(Actions.self, forKey: .actions)
        }
    }

    /// Applying a macro on a ticket: the composer's final text (edited or not) and how it is sent.
    struct Apply: Decodable {
        /// The text to send; empty or absent applies only the field changes.
        var body: String?
        /// `reply` (default) or `note`.
        var kind: String?
        /// For replies: the status the agent sends as; the macro's status when absent.
        var status: String?
    }
}

/// `POST /tickets/{id}/macros/{macro_id}/preview`: the rendered text and the changes the macro would make.
struct MacroPreviewWire: Codable, Sendable {
    var macroID: Int64
    var body: String
    var changes: MacroActionsWire

    enum CodingKeys: String, CodingKey {
        case body, changes
        case macroID = "macro_id"
    }
}

/// `POST /tickets/{id}/macros/{macro_id}/apply`: the ticket after the changes and the message sent, if any.
struct MacroApplyWire: Codable, Sendable {
    var ticket: TicketWire
    var message: MessageWire?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ticket, forKey: .ticket)
        try c.encode(message, forKey: .message)
    }
}
