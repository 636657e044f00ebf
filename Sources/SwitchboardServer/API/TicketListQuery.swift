import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// Reads the ticket list filters from the query string (shared by `GET /tickets` and `GET /search`):
/// `status`, `priority`, `type` (comma-separated enum values), `assignee_id` (ids or `none`), `team_id`, `tag`,
/// `requester_id`, `organization_id`, `inbox_id`, `created_after`, `created_before`, `updated_after`,
/// `updated_before` (ISO 8601), `sort` (`created_at`, `-created_at`, `updated_at`, `-updated_at`, `priority`,
/// `-priority`; default `-created_at`), `limit` (1–100, default 25) and `cursor`.
enum TicketListQuery {
    static let sorts: [String: TicketSort] = [
        "created_at": .createdAsc, "-created_at": .createdDesc,
        "updated_at": .updatedAsc, "-updated_at": .updatedDesc,
        "priority": .priorityAsc, "-priority": .priorityDesc,
    ]

    static func parse(_ request: Request) throws -> TicketQuery {
        let reader = QueryReader(request)
        var query = TicketQuery()
        query.statuses = try reader.enums("status", TicketStatus.self)
        query.priorities = try reader.enums("priority", TicketPriority.self)
        query.types = try reader.enums("type", TicketType.self)
        for value in try reader.list("assignee_id") {
            if value == "none" {
                query.unassigned = true
            } else {
                query.assigneeIDs.append(try QueryReader.id(value, field: "assignee_id"))
            }
        }
        query.teamIDs = try reader.ids("team_id")
        query.requesterIDs = try reader.ids("requester_id")
        query.organizationIDs = try reader.ids("organization_id")
        query.inboxIDs = try reader.ids("inbox_id")
        let tags = try reader.list("tag")
        query.tags = tags.isEmpty ? [] : try Validation.tags(tags, field: "tag")
        query.createdAfter = try reader.date("created_after")
        query.createdBefore = try reader.date("created_before")
        query.updatedAfter = try reader.date("updated_after")
        query.updatedBefore = try reader.date("updated_before")
        if let sort = try reader.string("sort", maxLength: 32) {
            guard let value = sorts[sort] else {
                throw SwitchboardError.invalid("sort", "must be one of: " + sorts.keys.sorted().joined(separator: ", "))
            }
            query.sort = value
        }
        query.limit = try reader.limit()
        query.cursor = try reader.cursor()
        return query
    }
}
