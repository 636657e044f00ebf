import Foundation
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// Page models and fragments for macros: the composer's picker and the Admin → Macros and Admin → Tags sections.
enum WebMacroModels {
    /// "Status → Pending · Priority → High · +refund · −waiting" (empty when the macro changes nothing).
    static func summary(_ actions: MacroActions, users: [Int64: User], teams: [Int64: Team]) -> String {
        var parts: [String] = []
        if let status = actions.status { parts.append("Status → " + WebFormat.label(status)) }
        if let priority = actions.priority { parts.append("Priority → " + WebFormat.label(priority)) }
        if let type = actions.type { parts.append("Type → " + WebFormat.label(type)) }
        if let id = actions.assigneeID { parts.append("Assign → " + (users[id]?.name ?? "user \(id)")) }
        if let id = actions.teamID { parts.append("Team → " + (teams[id]?.name ?? "team \(id)")) }
        parts += actions.addTags.map { "+" + $0 }
        parts += actions.removeTags.map { "−" + $0 }
        return parts.joined(separator: " · ")
    }

    static func visibilityLabel(_ macro: Macro, teams: [Int64: Team]) -> String {
        switch macro.visibility {
        case .everyone: "Everyone"
        case .team: "Team " + (macro.teamID.flatMap { teams[$0]?.name } ?? "?")
        case .personal: "Only me"
        }
    }

    /// The macros `user` may use on a ticket (light agents: only those that change no field), as the picker's HTML.
    static func pickerHTML(user: User, teams: [Team], users: [User], on db: any SQLDatabase) async throws -> String {
        let teamIDs = Set(teams.filter { $0.memberIDs.contains(user.id) }.map(\.id))
        let macros = try await MacroRepository().list(accountID: user.accountID, userID: user.id, on: db)
            .filter { $0.isVisible(to: user.id, teamIDs: teamIDs) }
            // Light agents may not change ticket fields, so they are offered text-only macros.
            .filter { user.role.includes(.agent) || $0.actions.isEmpty }
        let usersByID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        let teamsByID = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0) })
        let entries = macros.map { macro -> [String: Any] in
            let summary = summary(macro.actions, users: usersByID, teams: teamsByID)
            return ["id": macro.id, "name": macro.name,
                    "summary": summary.isEmpty ? visibilityLabel(macro, teams: teamsByID) : summary]
        }
        return WorkspaceFragments.render(.macroPicker, ["macros": entries, "hasMacros": !entries.isEmpty])
    }

    /// The extra model of Admin → Macros / Admin → Tags (`adminMacrosHTML` / `adminTagsHTML`); empty elsewhere.
    static func adminModel(section: String, viewer: WebViewer, database: Database) async throws -> [String: Any] {
        switch section {
        case "macros":
            let user = viewer.user
            let html = try await database.read { db in try await adminMacrosHTML(user: user, on: db) }
            return ["adminMacrosHTML": html]
        case "tags":
            let accountID = viewer.accountID
            let tags = try await database.read { db in
                try await TagRepository().list(accountID: accountID, on: db)
            }
            let rows = tags.enumerated().map { index, tag -> [String: Any] in
                ["name": tag.name, "count": tag.ticketCount, "index": index]
            }
            return ["adminTagsHTML": WorkspaceFragments.render(.adminTags, ["tags": rows, "hasTags": !rows.isEmpty])]
        default:
            return [:]
        }
    }

    private static func adminMacrosHTML(user: User, on db: any SQLDatabase) async throws -> String {
        let accountID = user.accountID
        let macros = try await MacroRepository().list(accountID: accountID, userID: user.id, on: db)
        let users = try await UserRepository().list(accountID: accountID, on: db)
        let teams = try await TeamRepository().list(accountID: accountID, on: db)
        let usersByID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        let teamsByID = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0) })
        let encoder = APIJSON.encoder
        let rows = try macros.map { macro -> [String: Any] in
            let json = String(decoding: try encoder.encode(MacroWire(macro)), as: UTF8.self)
            return WebModel.compact([
                "id": macro.id, "name": macro.name, "visibilityLabel": visibilityLabel(macro, teams: teamsByID),
                "preview": Validation.preview(macro.body, length: 120),
                "summary": summary(macro.actions, users: usersByID, teams: teamsByID),
                "manageable": macro.isManageable(by: user.id, role: user.role) ? true : nil,
                "json": json,
            ])
        }
        let model: [String: Any] = [
            "macros": rows, "hasMacros": !rows.isEmpty,
            "placeholders": MacroPlaceholder.allCases.map { ["name": "{{\($0.rawValue)}}"] },
            "bodyPlaceholder": "Hi {{customer.first_name}}, …",
            // Only admins save shared macros; everyone else is offered "Only me".
            "visibilities": MacroVisibility.allCases.filter { user.role.includes(.admin) || $0 == .personal }
                .map { visibility -> [String: Any] in
                    let label = switch visibility {
                    case .everyone: "Everyone"
                    case .team: "One team"
                    case .personal: "Only me"
                    }
                    return ["value": visibility.rawValue, "label": label]
                },
            "teams": teams.map { ["id": $0.id, "name": $0.name] as [String: Any] },
            "agents": users.filter { $0.isActive && $0.role.canBeAssigned }
                .map { ["id": $0.id, "name": $0.name] as [String: Any] },
            "statuses": TicketStatus.allCases.filter { $0 != .new }
                .map { ["value": $0.rawValue, "label": WebFormat.label($0)] as [String: Any] },
            "priorities": TicketPriority.allCases
                .map { ["value": $0.rawValue, "label": WebFormat.label($0)] as [String: Any] },
            "types": TicketType.allCases.map { ["value": $0.rawValue, "label": WebFormat.label($0)] as [String: Any] },
        ]
        return WorkspaceFragments.render(.adminMacros, model)
    }
}
