import ServiceLifecycle
import Synchronization

/// A one-way switch that opens once the database schema is migrated, so background services that read tables
/// (the job runner, IMAP polling) do not start on a fresh database before its tables exist.
final class StartupGate: Sendable {
    private let isOpen = Mutex(false)

    /// Opens the gate (idempotent).
    func open() { isOpen.withLock { $0 = true } }

    /// Whether the gate is open.
    var opened: Bool { isOpen.withLock { $0 } }

    /// Returns once the gate is open; returns `false` instead when the service group is shutting down first.
    /// Throws `CancellationError` when cancelled.
    func wait() async throws -> Bool {
        while !opened {
            if Task.isShuttingDownGracefully { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

/// Runs `service` only after `gate` opened; ends quietly when shut down before that. Its description (which
/// ServiceLifecycle logs) is the wrapped service's type name only, so no setting or key is ever printed.
struct GatedService: Service, CustomStringConvertible {
    let gate: StartupGate
    let service: any Service

    func run() async throws {
        guard try await gate.wait() else { return }
        try await service.run()
    }

    var description: String { "\(type(of: service)) (after migrations)" }
}
