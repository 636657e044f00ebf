import Foundation
import SwitchboardCore

/// Request bodies of the ticket routes, decoded leniently (unknown keys ignored) and validated by
/// ``TicketsController``.
enum TicketRequests {
    struct Requester: Decodable {
        var email: String?
        var name: String?
        var phone: String?
    }

    struct MessageBody: Decodable {
        var body: String
        var html: String?
    }

    struct Create: Decodable {
        var subject: String
        var requester: Requester?
        var requesterID: Int64?
        var message: MessageBody
        var priority: String?
        var type: String?
        var tags: [String]?
        var customFields: [String: CustomFieldValue]?
        var inboxID: Int64?
        var assigneeID: Int64?
        var teamID: Int64?

        enum CodingKeys: String, CodingKey {
            case subject, requester, message, priority, type, tags
            case requesterID = "requester_id", customFields = "custom_fields", inboxID = "inbox_id"
            case assigneeID = "assignee_id", teamID = "team_id"
        }
    }

    struct Update: Decodable {
        var subject: String?
        var status: String?
        var priority: String?
        var type: String??
        var assigneeID: Int64??
        var teamID: Int64??
        var tags: [String]?
        var addTags: [String]?
        var removeTags: [String]?
        var customFields: [String: CustomFieldValue]?

        enum CodingKeys: String, CodingKey {
            case subject, status, priority, type, tags
            case assigneeID = "assignee_id", teamID = "team_id", addTags = "add_tags", removeTags = "remove_tags"
            case customFields = "custom_fields"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            subject = try c.decodeIfPresent(String.self, forKey: .subject)
            status = try c.decodeIfPresent(String.self, forKey: .status)
            priority = try c.decodeIfPresent(String.self, forKey: .priority)
            type = try c.decodePatch(String.self, forKey: .type)
            assigneeID = try c.decodePatch(Int64.self, forKey: .assigneeID)
            teamID = try c.decodePatch(Int64.self, forKey: .teamID)
            tags = try c.decodeIfPresent([String].self, forKey: .tags)
            addTags = try c.decodeIfPresent([String].self, forKey: .addTags)
            removeTags = try c.decodeIfPresent([String].self, forKey: .removeTags)
            customFields = try c.decodeIfPresent([String: CustomFieldValue].self, forKey: .customFields)
        }

        var isEmpty: Bool {
            subject == nil && status == nil && priority == nil && type == nil && assigneeID == nil && teamID == nil
                && tags == nil && addTags == nil && removeTags == nil && customFields == nil
        }
    }

    struct Reply: Decodable {
        var body: String
        var html: String?
        var status: String?
    }

    struct Note: Decodable {
        var body: String
        var html: String?
    }

    struct Merge: Decodable {
        var targetID: Int64

        enum CodingKeys: String, CodingKey {
            case targetID = "target_id"
        }
    }
}
