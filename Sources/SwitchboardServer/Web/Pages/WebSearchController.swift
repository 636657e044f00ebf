import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /search?q=`: the full result page of the global search box (instant results use `/api/v1/search`).
struct WebSearchController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("search", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let query = (request.uri.queryParameters["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        let accountID = viewer.accountID
        let tooLong = query.count > 200
        let (layout, hits) = try await dependencies.database.read { db in
            let layout = try await WebLayout.load(accountID: accountID, on: db)
            guard query.count >= 2, !tooLong else { return (layout, [SearchHit]()) }
            return (layout, try await SearchRepository().search(accountID: accountID, text: query, limit: 50, on: db))
        }
        var model = layout.model(viewer: viewer, page: "search")
        if !query.isEmpty { model["query"] = query }
        model["hasQuery"] = query.count >= 2 && !tooLong
        if tooLong { model["error"] = "Search for at most 200 characters." }
        model["hits"] = hits.map { hit in
            [
                "id": hit.ticket.id, "number": hit.ticket.number, "subject": hit.ticket.subject,
                "status": hit.ticket.status.rawValue, "statusLabel": WebFormat.label(hit.ticket.status),
                "snippet": WebSnippet.safeHTML(hit.snippet),
            ] as [String: Any]
        }
        return renderer.response(.search, model)
    }
}

/// Makes a search snippet safe to insert as HTML: `<mark>` and `</mark>` are kept, every other `<`, `>`, `"`
/// and `'` is escaped (existing entities such as `&amp;` stay as they are).
enum WebSnippet {
    static func safeHTML(_ snippet: String) -> String {
        let open = "\u{1}", close = "\u{2}"
        var text = snippet.replacingOccurrences(of: "<mark>", with: open)
            .replacingOccurrences(of: "</mark>", with: close)
        text = text.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
        // Unbalanced marks are dropped rather than left open.
        var result = ""
        var isOpen = false
        for character in text {
            switch String(character) {
            case open:
                if !isOpen { result += "<mark>"; isOpen = true }
            case close:
                if isOpen { result += "</mark>"; isOpen = false }
            default:
                result.append(character)
            }
        }
        if isOpen { result += "</mark>" }
        return result
    }
}
