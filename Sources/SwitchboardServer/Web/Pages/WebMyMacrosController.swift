import Hummingbird
import SwitchboardCore

/// `GET /macros`: every agent's own macros page. Agents save and edit their personal macros here; the shared
/// ones they may use are listed read-only. Light agents, who may not save macros, get a 404.
/// Changes go through the REST API (`/api/v1/macros`), which checks the same rules again.
struct WebMyMacrosController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("macros", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        guard viewer.mayKeepMacros else { throw SwitchboardError(.notFound, "This page does not exist.") }
        let accountID = viewer.accountID
        let layout = try await dependencies.database.read { db in
            try await WebLayout.load(accountID: accountID, on: db)
        }
        var model = layout.model(viewer: viewer, page: "macros", macros: true)
        let macroModel = try await WebMacroModels.adminModel(
            section: "macros", viewer: viewer, database: dependencies.database)
        model.merge(macroModel) { _, new in new }
        return renderer.response(.myMacros, model)
    }
}
