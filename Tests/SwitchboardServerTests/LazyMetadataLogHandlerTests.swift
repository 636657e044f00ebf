import Logging
import Synchronization
import Testing

@testable import SwitchboardServer

@Suite("Log handler with lazily formatted metadata")
struct LazyMetadataLogHandlerTests {
    /// Collects what a `StreamLogHandler` writes.
    final class Lines: TextOutputStream, Sendable {
        private let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
        /// The lines without their leading timestamp (which differs from one line to the next).
        var withoutTimestamps: [String] {
            lines.withLock { $0 }.map { line in String(line.drop(while: { $0 != " " })) }
        }
    }

    /// Writes the same lines through a plain `StreamLogHandler` and through ``LazyMetadataLogHandler``.
    private static func bothHandlers(_ body: (inout Logger) -> Void) -> (stream: [String], lazy: [String]) {
        let plainLines = Lines()
        let lazyLines = Lines()
        var plain = Logger(label: "switchboard.test") { label in
            StreamLogHandler(label: label, stream: plainLines, metadataProvider: nil)
        }
        var lazy = Logger(label: "switchboard.test") { label in
            LazyMetadataLogHandler(stream: StreamLogHandler(label: label, stream: lazyLines, metadataProvider: nil))
        }
        plain.logLevel = .debug
        lazy.logLevel = .debug
        body(&plain)
        body(&lazy)
        return (plainLines.withoutTimestamps, lazyLines.withoutTimestamps)
    }

    @Test("lines carry the same text as StreamLogHandler's, metadata set by key, as a whole, or per line")
    func sameText() {
        let lines = Self.bothHandlers { logger in
            logger.info("no metadata")
            logger[metadataKey: LogKey.requestID] = "req-1"
            logger[metadataKey: LogKey.accountID] = .stringConvertible(7)
            logger.warning("with metadata")
            logger.error("explicit wins", metadata: [LogKey.requestID: "req-2", "extra": .array(["a", "b"])])
            logger.debug("below info but at the level")
            logger.trace("below the level: not written")
            logger[metadataKey: LogKey.accountID] = nil
            logger[metadataKey: LogKey.userID] = "u"
            logger.notice("after removing a key")
            logger.error("with an error", error: SwitchboardTestError())
        }
        #expect(lines.lazy.count == 6)
        #expect(lines.lazy == lines.stream)
        #expect(lines.lazy[1].contains("switchboard.request_id=req-1"))
        #expect(lines.lazy[2].contains("switchboard.request_id=req-2"))
    }

    @Test("a copy of the logger keeps its own metadata")
    func valueSemantics() {
        var logger = Logger(label: "switchboard.test") { label in
            LazyMetadataLogHandler(stream: StreamLogHandler(label: label, stream: Lines(), metadataProvider: nil))
        }
        logger[metadataKey: "a"] = "1"
        var copy = logger
        copy[metadataKey: "a"] = "2"
        #expect(logger[metadataKey: "a"] == "1")
        #expect(copy[metadataKey: "a"] == "2")
    }

    struct SwitchboardTestError: Error {}
}
