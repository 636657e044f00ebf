import Foundation
import SwitchboardCore

/// `Ticket` as the API shows it; every key is always present (`null` when empty).
public struct TicketWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var number: Int64
    public var subject: String
    public var status: String
    public var priority: String
    public var type: String?
    public var channel: String
    public var inboxID: Int64?
    public var requesterID: Int64
    public var organizationID: Int64?
    public var assigneeID: Int64?
    public var teamID: Int64?
    public var tags: [String]
    public var customFields: [String: CustomFieldValue]
    public var mergedIntoID: Int64?
    public var followUpOfID: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    public var firstResponseAt: Date?
    public var solvedAt: Date?
    public var waitingSince: Date?
    public var reopenCount: Int
    public var lastMessagePreview: String
    public var messageCount: Int

    enum CodingKeys: String, CodingKey {
        case id, number, subject, status, priority, type, channel, tags
        case accountID = "account_id", inboxID = "inbox_id", requesterID = "requester_id"
        case organizationID = "organization_id", assigneeID = "assignee_id", teamID = "team_id"
        case customFields = "custom_fields", mergedIntoID = "merged_into_id", followUpOfID = "follow_up_of_id"
        case createdAt = "created_at", updatedAt = "updated_at", firstResponseAt = "first_response_at"
        case solvedAt = "solved_at", waitingSince = "waiting_since", reopenCount = "reopen_count"
        case lastMessagePreview = "last_message_preview", messageCount = "message_count"
    }

    public init(_ ticket: Ticket) {
        id = ticket.id
        accountID = ticket.accountID
        number = ticket.number
        subject = ticket.subject
        status = ticket.status.rawValue
        priority = ticket.priority.rawValue
        type = ticket.type?.rawValue
        channel = ticket.channel.rawValue
        inboxID = ticket.inboxID
        requesterID = ticket.requesterID
        organizationID = ticket.organizationID
        assigneeID = ticket.assigneeID
        teamID = ticket.teamID
        tags = ticket.tags
        customFields = ticket.customFields
        mergedIntoID = ticket.mergedIntoID
        followUpOfID = ticket.followUpOfID
        createdAt = ticket.createdAt
        updatedAt = ticket.updatedAt
        firstResponseAt = ticket.firstResponseAt
        solvedAt = ticket.solvedAt
        waitingSince = ticket.waitingSince
        reopenCount = ticket.reopenCount
        lastMessagePreview = ticket.lastMessagePreview
        messageCount = ticket.messageCount
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(accountID, forKey: .accountID)
        try c.encode(number, forKey: .number)
        try c.encode(subject, forKey: .subject)
        try c.encode(status, forKey: .status)
        try c.encode(priority, forKey: .priority)
        try c.encode(type, forKey: .type)
        try c.encode(channel, forKey: .channel)
        try c.encode(inboxID, forKey: .inboxID)
        try c.encode(requesterID, forKey: .requesterID)
        try c.encode(organizationID, forKey: .organizationID)
        try c.encode(assigneeID, forKey: .assigneeID)
        try c.encode(teamID, forKey: .teamID)
        try c.encode(tags, forKey: .tags)
        try c.encode(customFields, forKey: .customFields)
        try c.encode(mergedIntoID, forKey: .mergedIntoID)
        try c.encode(followUpOfID, forKey: .followUpOfID)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(firstResponseAt, forKey: .firstResponseAt)
        try c.encode(solvedAt, forKey: .solvedAt)
        try c.encode(waitingSince, forKey: .waitingSince)
        try c.encode(reopenCount, forKey: .reopenCount)
        try c.encode(lastMessagePreview, forKey: .lastMessagePreview)
        try c.encode(messageCount, forKey: .messageCount)
    }
}

/// `Attachment`: `{id, filename, content_type, content_id, size, sha256, inline}`.
public struct AttachmentWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var filename: String
    public var contentType: String
    public var contentID: String?
    public var size: Int64
    public var sha256: String
    public var inline: Bool

    enum CodingKeys: String, CodingKey {
        case id, filename, size, sha256, inline
        case contentType = "content_type", contentID = "content_id"
    }

    public init(_ attachment: Attachment) {
        id = attachment.id
        filename = attachment.filename
        contentType = attachment.contentType
        contentID = attachment.contentID
        size = attachment.size
        sha256 = attachment.sha256
        inline = attachment.isInline
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(filename, forKey: .filename)
        try c.encode(contentType, forKey: .contentType)
        try c.encode(contentID, forKey: .contentID)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(inline, forKey: .inline)
    }
}

/// `Message`: one timeline entry.
public struct MessageWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var ticketID: Int64
    public var kind: String
    public var channel: String
    public var authorKind: String
    public var authorID: Int64?
    public var text: String
    public var html: String?
    public var externalID: String?
    public var deliveryStatus: String
    public var deliveryError: String?
    public var attachments: [AttachmentWire]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, channel, text, html, attachments
        case ticketID = "ticket_id", authorKind = "author_kind", authorID = "author_id"
        case externalID = "external_id", deliveryStatus = "delivery_status", deliveryError = "delivery_error"
        case createdAt = "created_at"
    }

    public init(_ message: Message) {
        id = message.id
        ticketID = message.ticketID
        kind = message.kind.rawValue
        channel = message.channel.rawValue
        authorKind = message.authorKind.rawValue
        authorID = message.authorID
        text = message.text
        html = message.html
        externalID = message.externalID
        deliveryStatus = message.deliveryStatus.rawValue
        deliveryError = message.deliveryError
        attachments = message.attachments.map(AttachmentWire.init)
        createdAt = message.createdAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(ticketID, forKey: .ticketID)
        try c.encode(kind, forKey: .kind)
        try c.encode(channel, forKey: .channel)
        try c.encode(authorKind, forKey: .authorKind)
        try c.encode(authorID, forKey: .authorID)
        try c.encode(text, forKey: .text)
        try c.encode(html, forKey: .html)
        try c.encode(externalID, forKey: .externalID)
        try c.encode(deliveryStatus, forKey: .deliveryStatus)
        try c.encode(deliveryError, forKey: .deliveryError)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(createdAt, forKey: .createdAt)
    }
}

/// `Event`: `{id, type, ticket_id, actor: {kind, id}, payload, created_at}`.
public struct EventWire: Codable, Sendable, Equatable {
    public struct Actor: Codable, Sendable, Equatable {
        public var kind: String
        public var id: Int64?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(id, forKey: .id)
        }
    }

    public var id: Int64
    public var type: String
    public var ticketID: Int64?
    public var actor: Actor
    public var payload: JSONValue
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, type, actor, payload
        case ticketID = "ticket_id", createdAt = "created_at"
    }

    public init(_ event: Event) {
        id = event.id
        type = event.type
        ticketID = event.ticketID
        actor = Actor(kind: event.actor.kind.rawValue, id: event.actor.id)
        payload = event.payload
        createdAt = event.createdAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(ticketID, forKey: .ticketID)
        try c.encode(actor, forKey: .actor)
        try c.encode(payload, forKey: .payload)
        try c.encode(createdAt, forKey: .createdAt)
    }
}
