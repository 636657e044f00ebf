import Foundation

/// The channel a message arrived by or is sent through.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case email
    case chat
    case webForm = "web_form"
    case phone
    case api
    case messaging
    /// Created by an agent inside Switchboard.
    case agent
}

/// One entry point for customers, with its channel settings (an email address, a web form, …).
public struct Inbox: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var name: String
    public var channel: Channel
    /// The address customers write to, for email inboxes.
    public var emailAddress: String?
    /// Whether the public web contact form for this inbox accepts submissions.
    public var webFormEnabled: Bool
    public var createdAt: Date

    public init(
        id: Int64, accountID: Int64, name: String, channel: Channel, emailAddress: String? = nil,
        webFormEnabled: Bool = false, createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.channel = channel
        self.emailAddress = emailAddress
        self.webFormEnabled = webFormEnabled
        self.createdAt = createdAt
    }
}
