import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// The inbox views in the navigation, with their filters and the maintained counter behind each.
enum InboxView: Sendable, Equatable {
    case mine, unassigned, all, pending, solved
    case team(id: Int64, name: String)

    /// The fixed views, in navigation order.
    static let fixed: [InboxView] = [.mine, .unassigned, .all, .pending, .solved]

    /// Parses a URL key (`mine`, `team-3`, …) against the account's teams; `nil` when unknown.
    init?(key: String, teams: [Team]) {
        switch key {
        case "mine": self = .mine
        case "unassigned": self = .unassigned
        case "all": self = .all
        case "pending": self = .pending
        case "solved": self = .solved
        default:
            guard key.hasPrefix("team-"), let id = Int64(key.dropFirst(5)),
                let team = teams.first(where: { $0.id == id })
            else { return nil }
            self = .team(id: team.id, name: team.name)
        }
    }

    var key: String {
        switch self {
        case .mine: "mine"
        case .unassigned: "unassigned"
        case .all: "all"
        case .pending: "pending"
        case .solved: "solved"
        case .team(let id, _): "team-\(id)"
        }
    }

    var label: String {
        switch self {
        case .mine: "My open tickets"
        case .unassigned: "Unassigned"
        case .all: "All open"
        case .pending: "Pending"
        case .solved: "Solved"
        case .team(_, let name): name
        }
    }

    var href: String { "/inbox/" + key }

    /// The ticket filter of this view for `userID`.
    func query(userID: Int64) -> TicketQuery {
        let unsolved = TicketStatus.allCases.filter(\.isUnsolved)
        switch self {
        case .mine: return TicketQuery(statuses: unsolved, assigneeIDs: [userID])
        case .unassigned: return TicketQuery(statuses: unsolved, unassigned: true)
        case .all: return TicketQuery(statuses: unsolved)
        case .pending: return TicketQuery(statuses: [.pending])
        case .solved: return TicketQuery(statuses: [.solved])
        case .team(let id, _): return TicketQuery(statuses: unsolved, teamIDs: [id])
        }
    }

    /// The view's number from the maintained counters.
    func count(in counts: TicketCounts, userID: Int64) -> Int {
        switch self {
        case .mine: counts.byAssignee[userID] ?? 0
        case .unassigned: counts.unassignedUnsolved
        case .all: counts.unsolved
        case .pending: counts.byStatus[.pending] ?? 0
        case .solved: counts.byStatus[.solved] ?? 0
        case .team(let id, _): counts.byTeam[id] ?? 0
        }
    }
}

/// What the layout shows around every signed-in page: the user, the CSRF token and the navigation with counts.
struct WebLayout: Sendable {
    let counts: TicketCounts
    let teams: [Team]

    /// Reads the counters and teams in one database read.
    static func load(accountID: Int64, on db: any SQLDatabase) async throws -> WebLayout {
        let counts = try await TicketCounterRepository().counts(accountID: accountID, on: db)
        let teams = try await TeamRepository().list(accountID: accountID, on: db)
        return WebLayout(counts: counts, teams: teams)
    }

    /// Every view's count, by key (for `/inbox-counts`).
    func counts(userID: Int64) -> [String: Int] {
        var result: [String: Int] = [:]
        for view in views { result[view.key] = view.count(in: counts, userID: userID) }
        return result
    }

    var views: [InboxView] { InboxView.fixed + teams.map { InboxView.team(id: $0.id, name: $0.name) } }

    /// The page model shared by all signed-in pages; `current` is the key of the highlighted view.
    /// `admin` and `macros` highlight the Admin and My macros links.
    func model(
        viewer: WebViewer, page: String, current: String? = nil, admin: Bool = false, macros: Bool = false
    ) -> [String: Any] {
        func entry(_ view: InboxView) -> [String: Any] {
            ["key": view.key, "label": view.label, "href": view.href, "current": view.key == current,
             "count": view.count(in: counts, userID: viewer.user.id)]
        }
        return [
            "page": page,
            "csrf": viewer.csrfToken,
            "user": viewer.model,
            "nav": [
                "views": InboxView.fixed.map(entry),
                "teams": teams.map { entry(.team(id: $0.id, name: $0.name)) },
                "hasTeams": !teams.isEmpty,
                "adminCurrent": admin,
                "macrosCurrent": macros,
            ] as [String: Any],
        ]
    }
}
