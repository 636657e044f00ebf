import Foundation

/// Runs blocking work (a socket read, a pipe read, a wait for a child process) on a thread of its own and awaits its
/// result.
///
/// Blocking inside a task holds a thread of Swift's cooperative pool, which has one thread per core (two on our
/// machine), and on Linux `DispatchQueue.global()` is served by that same pool. A test that blocked two of them while
/// waiting for a server running in the same process stalled the whole test run: the server had no thread left to
/// answer on (docs/performance.md, "Session 11").
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    static func runThrowing<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
