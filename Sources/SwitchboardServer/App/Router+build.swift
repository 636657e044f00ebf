import Hummingbird
import SwitchboardCore

/// Registers every HTTP route with its middleware, in the order that matters:
/// request id → metrics and access log → error translation → body limit → (API) authentication → handler.
func buildRouter(_ dependencies: AppDependencies, stream: StreamController? = nil) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let routeTable = RouteTable()
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: dependencies.metrics))
    router.add(middleware: ErrorMiddleware(routes: routeTable))
    router.add(middleware: BodyLimitMiddleware(
        maxBytes: dependencies.settings.maxBodyBytes, rawEmailMaxBytes: dependencies.email.settings.maxMessageBytes))

    OperationsController(dependencies: dependencies).register(on: router)
    WebFormController(dependencies: dependencies).register(on: router)
    WebController(dependencies: dependencies).register(on: router)

    let publicAPI = router.group("api/v1")
    publicAPI.addRoutes(AuthController(dependencies: dependencies).endpoints, atPath: "auth")
    OpenAPIController().addRoutes(to: publicAPI)

    let api = router.group("api/v1")
        .add(middleware: AuthenticationMiddleware(dependencies: dependencies))
        .group(context: AuthenticatedContext.self)
    api.addRoutes(MeController(dependencies: dependencies).endpoints, atPath: "me")
    api.addRoutes(TicketsController(dependencies: dependencies).endpoints, atPath: "tickets")
    api.addRoutes(SearchController(dependencies: dependencies).endpoints, atPath: "search")
    api.addRoutes(ContactsController(dependencies: dependencies).endpoints, atPath: "contacts")
    api.addRoutes(OrganizationsController(dependencies: dependencies).endpoints, atPath: "organizations")
    api.addRoutes(InboxesController(dependencies: dependencies).endpoints, atPath: "inboxes")
    api.addRoutes(dependencies.email.rawEmailController.endpoints, atPath: "inboxes")
    api.addRoutes(IMAPController(dependencies: dependencies).endpoints, atPath: "inboxes")
    api.addRoutes(UsersController(dependencies: dependencies).endpoints, atPath: "users")
    api.addRoutes(TeamsController(dependencies: dependencies).endpoints, atPath: "teams")
    api.addRoutes(TokensController(dependencies: dependencies).endpoints, atPath: "tokens")
    api.addRoutes(CustomFieldsController(dependencies: dependencies).endpoints, atPath: "custom-fields")
    api.addRoutes(InvitationsController(dependencies: dependencies).endpoints, atPath: "invitations")
    api.addRoutes(MacrosController(dependencies: dependencies).endpoints, atPath: "macros")
    api.addRoutes(TicketMacrosController(dependencies: dependencies).endpoints, atPath: "tickets")
    api.addRoutes(ViewsController(dependencies: dependencies).endpoints, atPath: "views")
    api.addRoutes(TagsController(dependencies: dependencies).endpoints, atPath: "tags")
    JobsController(database: dependencies.database).addRoutes(to: api)
    stream?.addHTTPRoutes(to: api)

    routeTable.record(router.routes.map { (path: $0.path.description, method: $0.method) })
    return router
}
