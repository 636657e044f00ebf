import Foundation

/// Who sees and uses a macro.
public enum MacroVisibility: String, Sendable, Codable, CaseIterable {
    /// Every user of the account (managed by admins).
    case everyone
    /// The members of one team (managed by admins).
    case team
    /// Only its owner (managed by the owner).
    case personal
}

/// The field changes a macro applies with its text; `nil` leaves a field alone.
public struct MacroActions: Sendable, Equatable, Codable {
    public var status: TicketStatus?
    public var priority: TicketPriority?
    public var type: TicketType?
    public var assigneeID: Int64?
    public var teamID: Int64?
    public var addTags: [String]
    public var removeTags: [String]

    public init(
        status: TicketStatus? = nil, priority: TicketPriority? = nil, type: TicketType? = nil,
        assigneeID: Int64? = nil, teamID: Int64? = nil, addTags: [String] = [], removeTags: [String] = []
    ) {
        self.status = status
        self.priority = priority
        self.type = type
        self.assigneeID = assigneeID
        self.teamID = teamID
        self.addTags = addTags
        self.removeTags = removeTags
    }

    enum CodingKeys: String, CodingKey {
        case status, priority, type
        case assigneeID = "assignee_id"
        case teamID = "team_id"
        case addTags = "add_tags"
        case removeTags = "remove_tags"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(TicketStatus.self, forKey: .status)
        priority = try c.decodeIfPresent(TicketPriority.self, forKey: .priority)
        type = try c.decodeIfPresent(TicketType.self, forKey: .type)
        assigneeID = try c.decodeIfPresent(Int64.self, forKey: .assigneeID)
        teamID = try c.decodeIfPresent(Int64.self, forKey: .teamID)
        addTags = try c.decodeIfPresent([String].self, forKey: .addTags) ?? []
        removeTags = try c.decodeIfPresent([String].self, forKey: .removeTags) ?? []
    }

    /// Whether the macro changes no field.
    public var isEmpty: Bool {
        status == nil && priority == nil && type == nil && assigneeID == nil && teamID == nil && addTags.isEmpty
            && removeTags.isEmpty
    }

    /// Tags normalised, and a tag both added and removed refused (`.invalidInput`, field `actions.remove_tags`).
    public func validated() throws -> MacroActions {
        var result = self
        result.addTags = try Validation.tags(addTags, field: "actions.add_tags")
        result.removeTags = try Validation.tags(removeTags, field: "actions.remove_tags")
        if !Set(result.addTags).isDisjoint(with: result.removeTags) {
            throw SwitchboardError.invalid("actions.remove_tags", "a tag cannot be both added and removed")
        }
        if let id = assigneeID, id <= 0 {
            throw SwitchboardError.invalid("actions.assignee_id", "must be a positive integer id")
        }
        if let id = teamID, id <= 0 {
            throw SwitchboardError.invalid("actions.team_id", "must be a positive integer id")
        }
        if status == .new { throw SwitchboardError.invalid("actions.status", "a ticket cannot be set back to new") }
        return result
    }
}

/// A canned response: a body template with placeholders (see ``MacroTemplate``) and field changes.
public struct Macro: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    /// The template text, validated by ``MacroTemplate/validate(_:field:)``; may be empty for a changes-only macro.
    public var body: String
    public var visibility: MacroVisibility
    /// The team for `.team` macros, otherwise `nil`.
    public var teamID: Int64?
    /// The owner of `.personal` macros (and the creator of shared ones), or `nil` when the creator is gone.
    public var ownerID: Int64?
    public var actions: MacroActions
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, body: String, visibility: MacroVisibility, teamID: Int64?,
        ownerID: Int64?, actions: MacroActions, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.body = body
        self.visibility = visibility
        self.teamID = teamID
        self.ownerID = ownerID
        self.actions = actions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether `userID` (a member of `teamIDs`) may use the macro.
    public func isVisible(to userID: Int64, teamIDs: Set<Int64>) -> Bool {
        switch visibility {
        case .everyone: true
        case .team: teamID.map(teamIDs.contains) ?? false
        case .personal: ownerID == userID
        }
    }

    /// Whether a user with `role` and id `userID` may change or delete it: admins the shared ones, owners their own.
    public func isManageable(by userID: Int64, role: UserRole) -> Bool {
        visibility == .personal ? ownerID == userID : role.includes(.admin)
    }
}
