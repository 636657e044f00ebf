import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /inbox-saved-views`: `{"counts": {"view-<id>": "12" | "1000+"}}` for the sidebar's saved views, asked for
/// by `views.js` when live ticket events arrive (each count is one capped, indexed `COUNT`).
struct WebSavedViewsController: Sendable {
    let dependencies: AppDependencies

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("inbox-saved-views", use: counts)
    }

    @Sendable func counts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let user = viewer.user
        let counts = try await dependencies.database.read { db -> [String: String] in
            let repository = ViewRepository()
            var result: [String: String] = [:]
            for view in try await repository.list(accountID: user.accountID, userID: user.id, on: db) {
                let count = try await repository.count(view, userID: user.id, on: db)
                result[InboxPageView.savedPrefix + String(view.id)] = InboxPageView.countText(count)
            }
            return result
        }
        var fields: HTTPFields = [:]
        fields[.cacheControl] = "no-store"
        return try APIJSON.response(["counts": counts], headers: fields)
    }
}
