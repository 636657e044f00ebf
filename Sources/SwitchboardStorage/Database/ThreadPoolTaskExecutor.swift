import NIOPosix

/// A `TaskExecutor` that runs jobs on a one-thread `NIOThreadPool`: the thread that also runs one SQLite
/// connection's calls (see ``SQLiteThreadedConnection`` for why).
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
