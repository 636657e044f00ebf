import Foundation
import SwitchboardCore

/// Whose tickets a saved view shows.
public enum SavedViewAssignee: String, Sendable, Codable, CaseIterable {
    /// The user looking at the view.
    case me
    /// Unassigned tickets.
    case unassigned = "none"
    /// The user in `assignee_id`.
    case user
}

/// The ticket filters of a saved view (all optional; several values of one field are OR-ed, fields are AND-ed,
/// `tags` must all be present). Stored as JSON and sent on the wire in the same snake_case shape; dates are
/// ISO 8601 (`2026-11-23T00:00:00Z`, or a day `2026-11-23` meaning its midnight UTC).
public struct SavedViewFilters: Sendable, Equatable, Codable {
    /// Most values accepted in one list filter.
    public static let maxValues = 50

    public var statuses: [TicketStatus]
    public var priorities: [TicketPriority]
    public var assignee: SavedViewAssignee?
    public var assigneeID: Int64?
    public var teamIDs: [Int64]
    /// Every one of these tags.
    public var tags: [String]
    public var channels: [Channel]
    public var inboxIDs: [Int64]
    public var requesterIDs: [Int64]
    public var organizationIDs: [Int64]
    /// Inclusive lower and exclusive upper bounds.
    public var createdAfter: Date?
    public var createdBefore: Date?
    public var updatedAfter: Date?
    public var updatedBefore: Date?

    public init(
        statuses: [TicketStatus] = [], priorities: [TicketPriority] = [], assignee: SavedViewAssignee? = nil,
        assigneeID: Int64? = nil, teamIDs: [Int64] = [], tags: [String] = [], channels: [Channel] = [],
        inboxIDs: [Int64] = [], requesterIDs: [Int64] = [], organizationIDs: [Int64] = [],
        createdAfter: Date? = nil, createdBefore: Date? = nil, updatedAfter: Date? = nil, updatedBefore: Date? = nil
    ) {
        self.statuses = statuses
        self.priorities = priorities
        self.assignee = assignee
        self.assigneeID = assigneeID
        self.teamIDs = teamIDs
        self.tags = tags
        self.channels = channels
        self.inboxIDs = inboxIDs
        self.requesterIDs = requesterIDs
        self.organizationIDs = organizationIDs
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.updatedAfter = updatedAfter
        self.updatedBefore = updatedBefore
    }

    enum CodingKeys: String, CodingKey {
        case statuses, priorities, assignee, tags, channels
        case assigneeID = "assignee_id"
        case teamIDs = "team_ids"
        case inboxIDs = "inbox_ids"
        case requesterIDs = "requester_ids"
        case organizationIDs = "organization_ids"
        case createdAfter = "created_after"
        case createdBefore = "created_before"
        case updatedAfter = "updated_after"
        case updatedBefore = "updated_before"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        statuses = try c.decodeIfPresent([TicketStatus].self, forKey: .statuses) ?? []
        priorities = try c.decodeIfPresent([TicketPriority].self, forKey: .priorities) ?? []
        assignee = try c.decodeIfPresent(SavedViewAssignee.self, forKey: .assignee)
        assigneeID = try c.decodeIfPresent(Int64.self, forKey: .assigneeID)
        teamIDs = try c.decodeIfPresent([Int64].self, forKey: .teamIDs) ?? []
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        channels = try c.decodeIfPresent([Channel].self, forKey: .channels) ?? []
        inboxIDs = try c.decodeIfPresent([Int64].self, forKey: .inboxIDs) ?? []
        requesterIDs = try c.decodeIfPresent([Int64].self, forKey: .requesterIDs) ?? []
        organizationIDs = try c.decodeIfPresent([Int64].self, forKey: .organizationIDs) ?? []
        createdAfter = try Self.date(c, .createdAfter)
        createdBefore = try Self.date(c, .createdBefore)
        updatedAfter = try Self.date(c, .updatedAfter)
        updatedBefore = try Self.date(c, .updatedBefore)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !statuses.isEmpty { try c.encode(statuses, forKey: .statuses) }
        if !priorities.isEmpty { try c.encode(priorities, forKey: .priorities) }
        try c.encodeIfPresent(assignee, forKey: .assignee)
        try c.encodeIfPresent(assigneeID, forKey: .assigneeID)
        if !teamIDs.isEmpty { try c.encode(teamIDs, forKey: .teamIDs) }
        if !tags.isEmpty { try c.encode(tags, forKey: .tags) }
        if !channels.isEmpty { try c.encode(channels, forKey: .channels) }
        if !inboxIDs.isEmpty { try c.encode(inboxIDs, forKey: .inboxIDs) }
        if !requesterIDs.isEmpty { try c.encode(requesterIDs, forKey: .requesterIDs) }
        if !organizationIDs.isEmpty { try c.encode(organizationIDs, forKey: .organizationIDs) }
        try c.encodeIfPresent(createdAfter.map(Self.text), forKey: .createdAfter)
        try c.encodeIfPresent(createdBefore.map(Self.text), forKey: .createdBefore)
        try c.encodeIfPresent(updatedAfter.map(Self.text), forKey: .updatedAfter)
        try c.encodeIfPresent(updatedBefore.map(Self.text), forKey: .updatedBefore)
    }

    /// ISO 8601 text of a date (UTC, whole seconds).
    public static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Parses an ISO 8601 date-time, or a day (`YYYY-MM-DD`, midnight UTC); `nil` when it is neither.
    public static func parseDate(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.utf8.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if text.utf8.count == 10, let date = try? Date(text + "T00:00:00Z", strategy: Date.ISO8601FormatStyle()) {
            return date
        }
        return nil
    }

    private static func date(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let raw = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = parseDate(raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "must be an ISO 8601 date-time or a YYYY-MM-DD day")
        }
        return date
    }

    /// Checks limits and consistency; tags normalised. `.invalidInput` names the field (`filters.tags`, …).
    public func validated() throws -> SavedViewFilters {
        var result = self
        func limit(_ count: Int, _ field: String) throws {
            if count > Self.maxValues {
                throw SwitchboardError.invalid("filters.\(field)", "at most \(Self.maxValues) values")
            }
        }
        try limit(statuses.count, "statuses")
        try limit(priorities.count, "priorities")
        try limit(channels.count, "channels")
        for (field, ids) in [("team_ids", teamIDs), ("inbox_ids", inboxIDs), ("requester_ids", requesterIDs),
                             ("organization_ids", organizationIDs)] {
            try limit(ids.count, field)
            if ids.contains(where: { $0 <= 0 }) {
                throw SwitchboardError.invalid("filters.\(field)", "must be positive integer ids")
            }
        }
        result.tags = try Validation.tags(tags, field: "filters.tags")
        switch assignee {
        case .user:
            guard let id = assigneeID, id > 0 else {
                throw SwitchboardError.invalid("filters.assignee_id", "a positive user id is needed with assignee user")
            }
        case .me, .unassigned, nil:
            if assigneeID != nil {
                throw SwitchboardError.invalid("filters.assignee_id", "is only allowed with assignee \"user\"")
            }
        }
        if let after = createdAfter, let before = createdBefore, after >= before {
            throw SwitchboardError.invalid("filters.created_before", "must be later than created_after")
        }
        if let after = updatedAfter, let before = updatedBefore, after >= before {
            throw SwitchboardError.invalid("filters.updated_before", "must be later than updated_after")
        }
        result.statuses = Self.unique(statuses)
        result.priorities = Self.unique(priorities)
        result.channels = Self.unique(channels)
        return result
    }

    /// The list query of these filters for the user `userID` (who "me" is), in `sort` order.
    public func query(userID: Int64, sort: TicketSort, limit: Int = 25, cursor: String? = nil) -> TicketQuery {
        var query = TicketQuery(
            statuses: statuses, priorities: priorities, teamIDs: teamIDs, tags: tags, requesterIDs: requesterIDs,
            organizationIDs: organizationIDs, inboxIDs: inboxIDs, createdAfter: createdAfter,
            createdBefore: createdBefore, updatedAfter: updatedAfter, updatedBefore: updatedBefore, sort: sort,
            limit: limit, cursor: cursor, channels: channels)
        switch assignee {
        case .me: query.assigneeIDs = [userID]
        case .unassigned: query.unassigned = true
        case .user: query.assigneeIDs = assigneeID.map { [$0] } ?? []
        case nil: break
        }
        return query
    }

    private static func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
