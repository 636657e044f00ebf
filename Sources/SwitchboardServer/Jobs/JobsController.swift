import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `GET /api/v1/jobs` and `GET /api/v1/jobs/{id}`: the durable jobs of the caller's account, for admins.
/// Installation-wide jobs (no account) and other accounts' jobs are never shown.
public struct JobsController: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Registers `GET jobs` and `GET jobs/{id}` on the authenticated group at `/api/v1`.
    public func addRoutes(to group: RouterGroup<AuthenticatedContext>) {
        group.get("jobs", use: list)
        group.get("jobs/{id}", use: show)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let parameters = request.uri.queryParameters
        let query = try JobListQuery(
            state: parameters["state"].map(String.init), limit: parameters["limit"].map(String.init),
            cursor: parameters["cursor"].map(String.init))
        let accountID = context.accountID
        let page = try await database.read { db in
            try await JobRepository().list(
                accountID: accountID, state: query.state, limit: query.limit, after: query.after, on: db)
        }
        return try APIJSON.response(ListWire(items: page.items.map(JobWire.init), nextCursor: page.nextCursor))
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.pathID()
        let job = try await database.read { db in try await JobRepository().get(id: id, on: db) }
        guard let job, job.accountID == context.accountID else { throw SwitchboardError.notFound("job") }
        return try APIJSON.response(JobWire(job))
    }
}
