import Logging
import ServiceLifecycle
import SwitchboardMail

/// The inbound SMTP/LMTP listener as a service of the application's ServiceGroup; stops accepting on
/// graceful shutdown.
public struct EmailListenerService: Service {
    let server: SMTPServer
    let onBound: @Sendable (Int) -> Void

    init(server: SMTPServer, onBound: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.server = server
        self.onBound = onBound
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await server.run(onBound: onBound)
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            // Stopping the listener on graceful shutdown is the normal end, not a failure of the server.
        }
    }
}
