import Logging
import NIOPosix
import Synchronization

/// Copies the write-ahead log into the database file on a connection and thread of its own, so the writer never does.
///
/// With SQLite's automatic checkpoint, the commit that pushes the WAL past 1,000 frames checkpoints it on the spot:
/// on the writer's thread, inside the commit, with up to three `fsync` calls. At 1M tickets that was 3.8% of the
/// server's CPU during ticket creates and about 19 ms of waiting per checkpoint, during which no write could run
/// (docs/performance.md, "Session 11"). Here the writer's commit only signals
/// (``SQLiteDirectConnection/onWALCommit(_:)``) and this connection runs a PASSIVE checkpoint, which waits for no
/// reader or writer. The writer then starts the WAL over from its beginning at its next transaction, as before.
///
/// One checkpoint runs at a time; a request that arrives meanwhile gets one more after it. If a checkpoint fails
/// (another process is checkpointing, say) it is logged and a commit 1,000 frames later asks again. When the
/// backend closes, the writer closes last and checkpoints what is left.
///
/// Under a steady stream of commits a checkpoint beside the writer never quite catches up, and SQLite only starts
/// the WAL over when every frame has been copied: the WAL would grow without end (66 MB after 20 MB of writes in
/// `SQLiteCheckpointerTests`). So once the WAL passes ``writerFallbackFrames`` the writer checkpoints at its next
/// commit itself, as SQLite's automatic checkpoint would; by then most frames are copied, so that checkpoint is short.
final class SQLiteCheckpointer: Sendable {
    /// WAL frames after which a commit asks for a checkpoint: SQLite's own default for its automatic checkpoint.
    static let thresholdFrames = 1_000
    /// WAL frames after which the writer checkpoints itself so that the WAL can start over (about 16 MB).
    static let writerFallbackFrames = 4_000

    private let connection: SQLiteDirectConnection
    private let thread: NIOThreadPool
    private let logger: Logger
    private let state = Mutex(State())
    /// Checkpoints completed so far (for tests).
    let completed = Atomic<Int>(0)

    private struct State {
        var running = false
        var requestedAgain = false
        var closed = false
        /// The WAL's size when the last checkpoint was asked for; the next is asked for ``thresholdFrames`` later.
        var framesAtLastRequest = 0
    }

    private init(connection: SQLiteDirectConnection, thread: NIOThreadPool, logger: Logger) {
        self.connection = connection
        self.thread = thread
        self.logger = logger
    }

    /// Opens a connection to the file at `path` on a new thread.
    static func open(path: String, logger: Logger) async throws -> SQLiteCheckpointer {
        let (connection, thread) = try await SQLiteDirectConnection.openOnOwnThread(path: path) { connection in
            // synchronous = NORMAL, like the other connections: the checkpoint syncs the WAL before copying it and
            // the database file after.
            try connection.run("PRAGMA busy_timeout = \(SQLiteBackend.busyTimeoutMilliseconds)")
            try connection.run("PRAGMA synchronous = NORMAL")
        }
        return SQLiteCheckpointer(connection: connection, thread: thread, logger: logger)
    }

    /// Called by the writer after each commit with the WAL's size in frames; returns at once. Returns whether the
    /// writer should checkpoint itself now (the WAL passed ``writerFallbackFrames``).
    ///
    /// A checkpoint is asked for once per ``thresholdFrames`` new frames, not at every commit past the threshold:
    /// that kept this thread checkpointing without pause, about 12 times and 36 `fsync` calls a second at 1M
    /// tickets (measured under strace), each copying only the frames of the last few commits.
    func walCommitted(frames: Int) -> Bool {
        guard frames >= Self.thresholdFrames else { return false }
        if frames >= Self.writerFallbackFrames { return true }
        let start = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            // A smaller WAL than at the last request means the writer started it over.
            if frames >= state.framesAtLastRequest, frames - state.framesAtLastRequest < Self.thresholdFrames {
                return false
            }
            state.framesAtLastRequest = frames
            if state.running {
                state.requestedAgain = true
                return false
            }
            state.running = true
            return true
        }
        if start { thread.submit { _ in self.checkpointUntilQuiet() } }
        return false
    }

    /// Runs checkpoints on the thread until no commit asked for another meanwhile.
    private func checkpointUntilQuiet() {
        while true {
            do {
                try connection.checkpointPassively()
                completed.add(1, ordering: .relaxed)
            } catch {
                logger.warning("SQLite checkpoint failed; a later commit asks again", metadata: [
                    "switchboard.error": "\(error)",
                ])
            }
            let again = state.withLock { state -> Bool in
                if state.requestedAgain, !state.closed {
                    state.requestedAgain = false
                    return true
                }
                state.running = false
                return false
            }
            if !again { return }
        }
    }

    /// Stops accepting requests, waits for a running checkpoint, and closes the connection and its thread.
    func close() async {
        state.withLock { $0.closed = true }
        let connection = connection
        // Queued behind a running checkpoint on the same thread.
        try? await thread.runIfActive { connection.close() }
        try? await thread.shutdownGracefully()
    }
}
