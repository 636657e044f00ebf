import NIOPosix

/// A `TaskExecutor` that runs jobs on a one-thread `NIOThreadPool`: the same thread that runs the SQLite writer
/// connection's calls.
///
/// A write transaction run with this executor as its preference (`withTaskExecutorPreference`) stays on that one
/// thread: each statement is queued to the pool from the pool's own thread and its continuation is queued back the
/// same way, so a transaction of ten statements costs no thread wake-ups between them (on the shared pools each
/// statement cost two: one into the thread pool, one back to Swift's cooperative pool).
final class ThreadPoolTaskExecutor: TaskExecutor {
    private let pool: NIOThreadPool

    /// `pool` must have exactly one thread, so jobs and the connection's calls run in submission order.
    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // A stopped pool calls the item at once on this thread with `.cancelled`; the job still runs, since a job
        // that never runs is a task that never finishes.
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
