import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /admin/{users|teams|inboxes|tokens}` for admins and owners (others get a 404). Changes are made by
/// the pages' forms through the REST API, which checks roles again.
struct WebAdminController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer

    static let sections: [(key: String, label: String)] = [
        ("users", "Users & roles"), ("teams", "Teams"), ("inboxes", "Inboxes"), ("tokens", "API tokens"),
        ("fields", "Custom fields"), ("macros", "Macros"), ("tags", "Tags"),
    ]

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("admin") { request, context -> Response in
            let viewer = try WebViewer(context, request: request)
            try viewer.requireAdmin()
            return WebRedirect(location: "/admin/users").response
        }
        routes.get("admin/:section", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        try viewer.requireAdmin()
        let key = context.parameters.get("section") ?? ""
        guard let section = Self.sections.first(where: { $0.key == key }) else {
            throw SwitchboardError(.notFound, "This page does not exist.")
        }
        let accountID = viewer.accountID
        let userID = viewer.user.id
        let (layout, users, inboxes, tokens) = try await dependencies.database.read { db in
            let layout = try await WebLayout.load(accountID: accountID, on: db)
            let users = try await UserRepository().list(accountID: accountID, on: db)
            var inboxes: [Inbox] = []
            var tokens: [APIToken] = []
            if key == "inboxes" { inboxes = try await InboxRepository().list(accountID: accountID, on: db) }
            if key == "tokens" {
                tokens = try await APITokenRepository().list(accountID: accountID, userID: userID, on: db)
            }
            return (layout, users, inboxes, tokens)
        }
        var model = layout.model(viewer: viewer, page: "admin", admin: true)
        model["section"] = ["key": section.key, "label": section.label]
        model["sections"] = Self.sections.map {
            ["href": "/admin/" + $0.key, "label": $0.label, "current": $0.key == key] as [String: Any]
        }
        model["is" + key.prefix(1).uppercased() + String(key.dropFirst())] = true
        let usersByID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        model["users"] = users.map {
            ["name": $0.name, "email": $0.email, "roleLabel": WebFormat.label($0.role),
             "active": $0.isActive ? "Yes" : "No"] as [String: Any]
        }
        let grantable = UserRole.allCases.filter { $0 != .owner || viewer.user.role == .owner }
        model["roles"] = WebModel.options(grantable, selected: .agent, value: \.rawValue, label: WebFormat.label)
        model["agents"] = users.filter(\.isActive).map { ["id": $0.id, "name": $0.name] as [String: Any] }
        model["teams"] = layout.teams.map { team in
            ["name": team.name,
             "members": team.memberIDs.compactMap { usersByID[$0]?.name }.joined(separator: ", ")] as [String: Any]
        }
        model["inboxes"] = inboxes.map { inbox in
            ["name": inbox.name, "channel": WebFormat.label(inbox.channel), "address": inbox.emailAddress ?? "—",
             "webForm": inbox.webFormEnabled ? "Enabled" : "Off"] as [String: Any]
        }
        model["channels"] = Channel.allCases.filter { $0 != .agent }
            .map { ["value": $0.rawValue, "label": WebFormat.label($0)] as [String: Any] }
        model["tokens"] = tokens.map { token in
            WebModel.compact([
                "id": token.id, "name": token.name, "prefix": token.prefix, "created": WebFormat.full(token.createdAt),
                "lastUsed": token.lastUsedAt.map(WebFormat.full) ?? "never",
                "revoked": token.revokedAt != nil ? true : nil,
            ])
        }
        let extras = try await WebAdminExtras.model(
            section: key, accountID: accountID, now: dependencies.now(), database: dependencies.database)
        model.merge(extras) { _, new in new }
        let macroModel = try await WebMacroModels.adminModel(
            section: key, viewer: viewer, database: dependencies.database)
        model.merge(macroModel) { _, new in new }
        return renderer.response(.admin, model)
    }
}
