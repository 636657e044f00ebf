/// Bounds on what a server may send, so that a hostile or broken server cannot make the client allocate without
/// bound: a response over a limit ends the connection with ``IMAPClientError/Code/limitExceeded``.
public struct IMAPLimits: Sendable, Equatable {
    /// Longest line (without literals), in bytes. Default 64 KiB.
    public var maxLineLength: Int
    /// Largest single literal `{n}`, in bytes. Default 32 MiB (above the default 25 MiB message limit).
    public var maxLiteralSize: Int
    /// Largest whole response (lines plus literals), in bytes. Default 64 MiB.
    public var maxResponseSize: Int
    /// Deepest parenthesis nesting the parser accepts. Default 64.
    public var maxNestingDepth: Int
    /// Most untagged responses collected for one command. Default 100,000.
    public var maxUntaggedResponses: Int

    public init(
        maxLineLength: Int = 64 * 1024, maxLiteralSize: Int = 32 * 1024 * 1024,
        maxResponseSize: Int = 64 * 1024 * 1024, maxNestingDepth: Int = 64, maxUntaggedResponses: Int = 100_000
    ) {
        self.maxLineLength = maxLineLength
        self.maxLiteralSize = maxLiteralSize
        self.maxResponseSize = max(maxResponseSize, maxLiteralSize)
        self.maxNestingDepth = maxNestingDepth
        self.maxUntaggedResponses = maxUntaggedResponses
    }
}
