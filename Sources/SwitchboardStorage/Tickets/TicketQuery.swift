import Foundation
import SwitchboardCore

/// The orders ticket lists support. Each is a keyset order on (value, id).
public enum TicketSort: String, Sendable, Codable, CaseIterable {
    case createdDesc = "created_desc"
    case createdAsc = "created_asc"
    case updatedDesc = "updated_desc"
    case updatedAsc = "updated_asc"
    /// Most urgent first; ties broken by id (newest first).
    case priorityDesc = "priority_desc"
    case priorityAsc = "priority_asc"

    var column: String {
        switch self {
        case .createdDesc, .createdAsc: "created_at"
        case .updatedDesc, .updatedAsc: "updated_at"
        case .priorityDesc, .priorityAsc: "priority"
        }
    }

    var isDescending: Bool {
        switch self {
        case .createdDesc, .updatedDesc, .priorityDesc: true
        case .createdAsc, .updatedAsc, .priorityAsc: false
        }
    }
}

/// Filters for ticket lists and search (all optional; several values of one field are OR-ed, fields are AND-ed).
public struct TicketQuery: Sendable, Equatable {
    public var statuses: [TicketStatus]
    public var priorities: [TicketPriority]
    public var types: [TicketType]
    public var assigneeIDs: [Int64]
    /// Include unassigned tickets (OR-ed with `assigneeIDs`; alone it means "unassigned only").
    public var unassigned: Bool
    public var teamIDs: [Int64]
    /// Tickets carrying all of these tags.
    public var tags: [String]
    public var requesterIDs: [Int64]
    public var organizationIDs: [Int64]
    public var inboxIDs: [Int64]
    /// Inclusive lower and exclusive upper bounds.
    public var createdAfter: Date?
    public var createdBefore: Date?
    public var updatedAfter: Date?
    public var updatedBefore: Date?
    public var sort: TicketSort
    /// Page size, 1…100.
    public var limit: Int
    /// The opaque keyset cursor from a previous `Page.nextCursor`; a malformed one is `.invalidInput` (`cursor`).
    public var cursor: String?
    /// Tickets that came by any of these channels (saved views).
    public var channels: [Channel]

    public init(
        statuses: [TicketStatus] = [], priorities: [TicketPriority] = [], types: [TicketType] = [],
        assigneeIDs: [Int64] = [], unassigned: Bool = false, teamIDs: [Int64] = [], tags: [String] = [],
        requesterIDs: [Int64] = [], organizationIDs: [Int64] = [], inboxIDs: [Int64] = [],
        createdAfter: Date? = nil, createdBefore: Date? = nil, updatedAfter: Date? = nil, updatedBefore: Date? = nil,
        sort: TicketSort = .createdDesc, limit: Int = 25, cursor: String? = nil, channels: [Channel] = []
    ) {
        self.statuses = statuses
        self.priorities = priorities
        self.types = types
        self.assigneeIDs = assigneeIDs
        self.unassigned = unassigned
        self.teamIDs = teamIDs
        self.tags = tags
        self.requesterIDs = requesterIDs
        self.organizationIDs = organizationIDs
        self.inboxIDs = inboxIDs
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.updatedAfter = updatedAfter
        self.updatedBefore = updatedBefore
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
        self.channels = channels
    }
}

/// The position after the last row of a page: (sort value, id), encoded as opaque base64url JSON.
struct TicketCursor: Codable, Equatable {
    var sort: String
    var value: Int64
    var id: Int64

    enum CodingKeys: String, CodingKey {
        case sort = "s"
        case value = "v"
        case id = "i"
    }

    func encoded() -> String {
        let json = (try? JSONText.encode(self)) ?? "{}"
        return Secrets.base64URL(Array(json.utf8))
    }

    /// Decodes a cursor made for `sort`; anything else is `.invalidInput` (field `cursor`).
    static func decode(_ text: String, for sort: TicketSort) throws -> TicketCursor {
        let invalid = SwitchboardError.invalid("cursor", "is not a valid cursor for this list")
        guard text.utf8.count <= 512, let data = Secrets.decodeBase64URL(text),
            let cursor = try? JSONDecoder().decode(TicketCursor.self, from: data),
            cursor.sort == sort.rawValue, cursor.id > 0
        else { throw invalid }
        return cursor
    }
}
