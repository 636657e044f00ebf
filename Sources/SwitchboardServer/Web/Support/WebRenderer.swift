import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders the workspace's Mustache templates from pre-shaped dictionaries (no reflection on model types)
/// into HTML responses carrying the security headers.
struct WebRenderer: Sendable {
    let library: MustacheLibrary
    let assets: WebAssets

    /// The names templates are registered under.
    enum Page: String, Sendable {
        case layout, login, error, inbox
        case inboxList = "inbox_list"
        case ticket, timeline
        case customerPanel = "customer_panel"
        case contact, search, admin
        case myMacros = "my_macros"
    }

    /// Parses every embedded template once; a template that does not parse is a programming error caught by tests.
    init(assets: WebAssets = .standard) throws {
        var library = MustacheLibrary()
        let sources: [(Page, String)] = [
            (.layout, LayoutTemplate.source), (.login, LoginTemplate.source), (.error, ErrorTemplate.source),
            (.inbox, InboxTemplate.source), (.inboxList, InboxTemplate.listSource),
            (.ticket, TicketTemplate.source), (.timeline, TicketTemplate.timelineSource),
            (.customerPanel, TicketTemplate.customerSource), (.contact, ContactTemplate.source),
            (.search, SearchTemplate.source), (.admin, AdminTemplate.source),
            (.myMacros, MyMacrosTemplate.source),
        ]
        for (page, source) in sources {
            try library.register(source, named: page.rawValue)
        }
        self.library = library
        self.assets = assets
    }

    /// The HTML of `page` for `model`; `assets` is added to the model.
    func html(_ page: Page, _ model: [String: Any]) -> String {
        var model = model
        model["assets"] = assets.paths
        return library.render(model, withTemplate: page.rawValue) ?? ""
    }

    /// An HTML response of `page`.
    func response(
        _ page: Page, _ model: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        Self.htmlResponse(html(page, model), status: status, headers: headers)
    }

    /// An HTML response with the security headers and `Cache-Control: no-store` (pages hold private data).
    static func htmlResponse(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        WebSecurityHeaders.apply(to: &fields)
        let buffer = ByteBuffer(string: html)
        fields[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}
