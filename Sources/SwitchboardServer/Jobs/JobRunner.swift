import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStorage

/// Runs durable jobs: claims due jobs of the registered kinds, runs their handlers, completes them, retries
/// failures with exponential backoff, and marks them dead after `maxAttempts` or a ``PermanentJobFailure``.
///
/// Claims hold a lease (``JobRunnerSettings/lease``) extended every third of it while the handler runs; a
/// worker that crashes simply stops extending, and once the lease has expired another runner claims the job
/// again (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two runners never hold one job at once).
///
/// On graceful shutdown the runner stops claiming and lets in-flight handlers finish; if the task is cancelled
/// outright, interrupted jobs are handed back for a retry at once.
///
/// Generic over the clock that paces polling and lease extension; `now` gives the wall-clock time written
/// to the database (claims, leases, retry times), so tests can move time by hand.
public final class JobRunner<C: Clock>: Service, Sendable where C.Duration == Duration {
    private let database: Database
    private let handlers: JobHandlers
    private let settings: JobRunnerSettings
    private let clock: C
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let repository = JobRepository()
    private let metrics = JobMetrics()

    public init(
        database: Database, handlers: JobHandlers, settings: JobRunnerSettings = JobRunnerSettings(), clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.database = database
        self.handlers = handlers
        self.settings = settings
        self.clock = clock
        self.now = now
        var logger = logger
        logger[metadataKey: "switchboard.worker_id"] = "\(settings.workerID)"
        self.logger = logger
    }

    /// The worker id written as `locked_by`.
    public var workerID: String { settings.workerID }

    /// Polls and runs jobs until graceful shutdown (finishing in-flight jobs) or cancellation.
    public func run() async throws {
        logger.info("job runner started", metadata: ["switchboard.job_kinds": "\(handlers.kinds)"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var ran = 0
            do {
                ran = try await runOnce()
            } catch {
                logger.error("claiming jobs failed", metadata: ["switchboard.error": "\(error)"])
            }
            if ran == 0 {
                try? await cancelWhenGracefulShutdown {
                    try await self.clock.sleep(for: self.settings.pollInterval)
                }
            }
        }
        logger.info("job runner stopped")
    }

    /// Claims up to ``JobRunnerSettings/concurrency`` due jobs of the registered kinds, runs them in parallel
    /// and records each outcome. Returns how many jobs it ran (0 when nothing was due).
    @discardableResult
    public func runOnce() async throws -> Int {
        let kinds = handlers.kinds
        guard !kinds.isEmpty else { return 0 }
        let claimTime = now()
        let workerID = settings.workerID
        let lease = settings.lease
        let limit = settings.concurrency
        let repository = self.repository
        let jobs = try await database.write { db in
            try await repository.claim(
                workerID: workerID, kinds: kinds, now: claimTime, lease: lease, limit: limit, on: db)
        }
        guard !jobs.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask { await self.execute(job) }
            }
        }
        return jobs.count
    }

    private func execute(_ job: Job) async {
        let logger = {
            var logger = self.logger
            logger[metadataKey: "switchboard.job_id"] = "\(job.id)"
            logger[metadataKey: "switchboard.job_kind"] = "\(job.kind)"
            return logger
        }()
        metrics.started(kind: job.kind)
        defer { metrics.finished() }
        let outcome: Result<Void, any Error>
        if let handler = handlers.handler(for: job.kind) {
            let context = JobContext(logger: logger, database: database, workerID: settings.workerID)
            outcome = await runWithLease(job, handler: handler, context: context)
        } else {
            outcome = .failure(PermanentJobFailure("no handler is registered for kind \(job.kind)"))
        }
        if Task.isCancelled {
            // Hard shutdown: record the outcome outside the cancelled task so the write is not refused.
            await Task { await self.record(job, outcome: outcome, interrupted: true, logger: logger) }.value
        } else {
            await record(job, outcome: outcome, interrupted: false, logger: logger)
        }
    }

    private func runWithLease(
        _ job: Job, handler: @escaping JobHandler, context: JobContext
    ) async -> Result<Void, any Error> {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await handler(job, context) }
                group.addTask { await self.keepLease(of: job, logger: context.logger) }
                // The handler's task is the first to finish: keepLease only returns once cancelled.
                try await group.next()
                group.cancelAll()
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// Extends the lease every third of its length until cancelled.
    private func keepLease(of job: Job, logger: Logger) async {
        let interval = settings.lease / 3
        let repository = self.repository
        let workerID = settings.workerID
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
            let until = now().adding(settings.lease)
            do {
                try await database.write { db in
                    try await repository.extendLease(id: job.id, workerID: workerID, until: until, on: db)
                }
            } catch let error as SwitchboardError where error.code == .conflict {
                // Another worker took the job over after our lease expired; its outcome will be refused too.
                logger.warning("lost the lease of a running job")
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("extending a job lease failed", metadata: ["switchboard.error": "\(error)"])
            }
        }
    }

    private func record(_ job: Job, outcome: Result<Void, any Error>, interrupted: Bool, logger: Logger) async {
        let workerID = settings.workerID
        let repository = self.repository
        do {
            switch outcome {
            case .success:
                try await database.write { db in try await repository.complete(id: job.id, workerID: workerID, on: db) }
                metrics.succeeded(kind: job.kind)
                logger.debug("job succeeded", metadata: ["switchboard.attempt": "\(job.attempts)"])
            case .failure(let error):
                let failedAt = now()
                let retryAt: Date?
                if interrupted, !(error is PermanentJobFailure) {
                    retryAt = failedAt   // handed back: due again at once
                } else {
                    retryAt = JobRetryDecision.decide(
                        job: job, error: error, now: failedAt, policy: settings.retryPolicy
                    ).retryAt
                }
                let message = JobRetryDecision.describe(error)
                let updated = try await database.write { db in
                    try await repository.fail(id: job.id, workerID: workerID, error: message, retryAt: retryAt, on: db)
                }
                metrics.failed(kind: job.kind, dead: updated.state == .dead)
                logger.log(
                    level: updated.state == .dead ? .error : .warning,
                    updated.state == .dead ? "job failed for good" : "job failed; will retry",
                    metadata: [
                        "switchboard.attempt": "\(job.attempts)", "switchboard.error": "\(message)",
                        "switchboard.retry_at": "\(retryAt.map { "\($0)" } ?? "never")",
                    ])
            }
        } catch {
            // The lease will expire and the job run again: handlers are idempotent.
            logger.error("recording a job outcome failed", metadata: ["switchboard.error": "\(error)"])
        }
    }
}

extension JobRunner where C == ContinuousClock {
    /// A runner paced by the continuous clock and the system time.
    public convenience init(
        database: Database, handlers: JobHandlers, settings: JobRunnerSettings = JobRunnerSettings(), logger: Logger
    ) {
        self.init(database: database, handlers: handlers, settings: settings, clock: ContinuousClock(), logger: logger)
    }
}
