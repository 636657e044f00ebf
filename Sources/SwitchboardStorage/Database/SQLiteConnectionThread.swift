import NIOPosix

extension SQLiteDirectConnection {
    /// Opens the file at `path` on a new one-thread pool and runs `setUp` on the new connection there: opening, like
    /// every SQLite call of a connection, runs on the connection's own thread, never on Swift's cooperative pool.
    /// When opening or `setUp` throws, the connection is closed and the thread stopped before the error is returned.
    static func openOnOwnThread(
        path: String, setUp: @escaping @Sendable (SQLiteDirectConnection) throws -> Void = { _ in }
    ) async throws -> (connection: SQLiteDirectConnection, thread: NIOThreadPool) {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            let connection = try await thread.runIfActive {
                let connection = try SQLiteDirectConnection.open(path: path)
                do {
                    try setUp(connection)
                } catch {
                    connection.close()
                    throw error
                }
                return connection
            }
            return (connection, thread)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
    }
}
