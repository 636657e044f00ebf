import Foundation
import SwitchboardCore
import SwitchboardStorage

/// Everything of one account that the API can change, read through the repositories. Two equal snapshots
/// prove that nothing was written in between.
struct AccountSnapshot: Sendable, Equatable {
    var tickets: [Ticket] = []
    var messages: [Message] = []
    var events: [Event] = []
    var contacts: [Contact] = []
    var users: [User] = []
    var teams: [Team] = []
    var inboxes: [Inbox] = []
    var organizations: [Organization] = []
    var tokens: [APIToken] = []

    static func take(_ accountID: Int64, database: Database) async throws -> AccountSnapshot {
        try await database.read { db in
            var snapshot = AccountSnapshot()
            var cursor: String?
            repeat {
                let page = try await TicketRepository().list(
                    TicketQuery(sort: .createdAsc, limit: 100, cursor: cursor), accountID: accountID, on: db)
                snapshot.tickets += page.items
                cursor = page.nextCursor
            } while cursor != nil
            for ticket in snapshot.tickets {
                snapshot.messages += try await MessageRepository().list(accountID: accountID, ticketID: ticket.id, on: db)
            }
            var lastEvent: Int64 = 0
            while true {
                let page = try await EventRepository().list(accountID: accountID, afterID: lastEvent, limit: 1000, on: db)
                snapshot.events += page
                guard page.count == 1000, let last = page.last else { break }
                lastEvent = last.id
            }
            var after: Int64?
            repeat {
                let page = try await ContactRepository().list(accountID: accountID, limit: 100, after: after, on: db)
                snapshot.contacts += page.items
                after = page.nextCursor.flatMap { Int64($0) }
            } while after != nil
            snapshot.users = try await UserRepository().list(accountID: accountID, on: db)
            snapshot.teams = try await TeamRepository().list(accountID: accountID, on: db)
            snapshot.inboxes = try await InboxRepository().list(accountID: accountID, on: db)
            after = nil
            repeat {
                let page = try await OrganizationRepository().list(accountID: accountID, limit: 100, after: after, on: db)
                snapshot.organizations += page.items
                after = page.nextCursor.flatMap { Int64($0) }
            } while after != nil
            for user in snapshot.users {
                snapshot.tokens += try await APITokenRepository().list(accountID: accountID, userID: user.id, on: db)
            }
            // The mail.send job moves an outbound message's delivery status in the background; that is the
            // job runner's work, not a write the request asked for.
            for index in snapshot.messages.indices {
                snapshot.messages[index].deliveryStatus = .none
                snapshot.messages[index].deliveryError = nil
            }
            // last_used_at moves when a token authenticates; it is not a write the caller asked for.
            for index in snapshot.tokens.indices { snapshot.tokens[index].lastUsedAt = nil }
            return snapshot
        }
    }
}
