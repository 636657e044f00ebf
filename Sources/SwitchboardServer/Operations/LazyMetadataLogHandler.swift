import Logging

/// swift-log's `StreamLogHandler` with metadata that costs nothing to set.
///
/// `StreamLogHandler` formats its whole metadata into text every time a key is set. The server sets three keys per
/// request (request id, account, user) on top of Hummingbird's own, which was 2.2% of the server's CPU during ticket
/// creates at concurrency 64, whatever the log level (docs/performance.md, "Session 11"). This handler keeps the
/// metadata itself and hands it to the stream handler only when a line is actually written, so the text is the same.
public struct LazyMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler

    public var metadata: Logger.Metadata = [:]

    /// A handler writing to standard error at `level`.
    public static func standardError(label: String, level: Logger.Level) -> LazyMetadataLogHandler {
        var stream = StreamLogHandler.standardError(label: label)
        stream.logLevel = level
        return LazyMetadataLogHandler(stream: stream)
    }

    init(stream: StreamLogHandler) {
        self.stream = stream
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        stream.log(event: event)
    }
}
