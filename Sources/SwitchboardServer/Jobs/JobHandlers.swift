import Logging
import SwitchboardCore
import SwitchboardStorage

/// What a job handler gets besides the job: a logger carrying the job's id and kind, the database, and the
/// id of the worker running it.
public struct JobContext: Sendable {
    public var logger: Logger
    public var database: Database
    public var workerID: String

    public init(logger: Logger, database: Database, workerID: String) {
        self.logger = logger
        self.database = database
        self.workerID = workerID
    }
}

/// A function that performs one kind of job. Returning means done; throwing ``PermanentJobFailure`` means
/// "never retry"; any other error is retried with backoff until the job's `maxAttempts` is used up.
/// Handlers must be idempotent: a job whose worker crashed after the work but before completing runs again.
public typealias JobHandler = @Sendable (Job, JobContext) async throws -> Void

/// The handlers a ``JobRunner`` runs, by job `kind` (`mail.send`, `webhook.deliver`, `sla.check`).
public struct JobHandlers: Sendable {
    private var handlers: [String: JobHandler] = [:]

    /// An empty registry.
    public init() {}

    /// Registers `handler` for jobs of `kind`, replacing an earlier one for the same kind.
    public mutating func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers[kind] = handler
    }

    /// The handler for `kind`, or `nil` when none is registered.
    public func handler(for kind: String) -> JobHandler? { handlers[kind] }

    /// Every registered kind, sorted (the runner claims only these).
    public var kinds: [String] { handlers.keys.sorted() }
}

/// Thrown by a handler when retrying cannot help (the recipient does not exist, the payload is invalid):
/// the job is marked dead at once with `message` as its last error.
public struct PermanentJobFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
