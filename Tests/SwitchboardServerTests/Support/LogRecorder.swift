import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps messages in memory, to check what the server logs.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let storage = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [String] { storage.withLockedValue { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        storage.withLockedValue { $0.append(event.message.description) }
    }
}
