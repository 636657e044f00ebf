import Hummingbird
import SwitchboardCore

/// The agent workspace: server-rendered pages under `/` and their embedded assets under `/assets`.
///
/// Pages: `/login`, `/logout`, `/inbox`, `/inbox/{view}`, `/tickets/{id}`, `/contacts/{id}`, `/search`,
/// `/admin/{section}`, `/macros` (an agent's own macros), `/set-password` (invitation links); files:
/// `/attachments/{id}`, `/attachments/sha256/{hash}`.
/// Page routes find the user from the session cookie (``WebSessionMiddleware``) and redirect
/// to `/login` without one; errors become HTML pages (``WebErrorMiddleware``). State changes made from pages go
/// through the REST API with the session cookie and `X-CSRF-Token`.
///
/// Register it on the main router **outside** the API group (it must not sit behind ``AuthenticationMiddleware``,
/// which answers 401 JSON and expects the CSRF token in a header):
/// ```swift
/// WebController(dependencies: dependencies).register(on: router)
/// ```
public struct WebController: Sendable {
    let dependencies: AppDependencies
    let renderer: WebRenderer
    /// Who views or types on which ticket: shared through the database on PostgreSQL, in memory on SQLite.
    let presence: any PresenceStore

    /// Parses the embedded templates; they are part of the binary, so failure here is a build defect.
    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
        do {
            self.renderer = try WebRenderer()
        } catch {
            preconditionFailure("an embedded web template does not parse: \(error)")
        }
        self.presence = PresenceStores.make(for: dependencies.database)
    }

    /// Every web route, with the session and error middleware of the web UI.
    public var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: WebErrorMiddleware<AppRequestContext>(renderer: renderer))
        routes.add(middleware: WebSessionMiddleware(dependencies: dependencies))
        routes.get("/") { request, context -> Response in
            let signedIn = context.identity != nil
            return WebRedirect(location: signedIn ? "/inbox" : "/login").response
        }
        WebAssetController(assets: renderer.assets).register(on: routes)
        WebLoginController(dependencies: dependencies, renderer: renderer).register(on: routes)
        WebInboxController(dependencies: dependencies, renderer: renderer).register(on: routes)
        WebTicketController(dependencies: dependencies, renderer: renderer, presence: presence).register(on: routes)
        WebContactController(dependencies: dependencies, renderer: renderer).register(on: routes)
        WebSearchController(dependencies: dependencies, renderer: renderer).register(on: routes)
        WebAdminController(dependencies: dependencies, renderer: renderer).register(on: routes)
        WebMyMacrosController(dependencies: dependencies, renderer: renderer).register(on: routes)
        WebSavedViewsController(dependencies: dependencies).register(on: routes)
        WebAttachmentController(dependencies: dependencies).register(on: routes)
        WebSetPasswordController(dependencies: dependencies, assets: renderer.assets).register(on: routes)
        return routes
    }

    /// Adds ``endpoints`` to `router`.
    public func register(on router: Router<AppRequestContext>) {
        router.addRoutes(endpoints)
    }
}
