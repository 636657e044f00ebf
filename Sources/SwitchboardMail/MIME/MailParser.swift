/// Parses raw RFC 5322 / MIME messages into ``ParsedMail``.
///
/// The input is bytes in any mix of line endings and charsets; it is never assumed to be UTF-8.
/// Parsing never crashes and only fails for the reasons in ``MailParseError``; everything else that
/// is broken is repaired or skipped, and limits that cut the output short are listed in
/// ``ParsedMail/limitsHit``.
///
/// ```swift
/// let mail = try MailParser().parse(bytes)
/// print(mail.subject ?? "", mail.from?.address ?? "")
/// ```
public struct MailParser: Sendable {
    /// The limits applied to every parse.
    public var limits: MailParserLimits

    /// Creates a parser with `limits` (safe defaults).
    public init(limits: MailParserLimits = MailParserLimits()) {
        self.limits = limits
    }

    /// Parses one message.
    /// - Throws: ``MailParseError/messageTooLarge(size:limit:)`` when the input exceeds
    ///   ``MailParserLimits/maxMessageSize``; ``MailParseError/emptyMessage`` for empty input.
    public func parse(_ bytes: [UInt8]) throws -> ParsedMail {
        guard !bytes.isEmpty else { throw MailParseError.emptyMessage }
        guard bytes.count <= limits.maxMessageSize else {
            throw MailParseError.messageTooLarge(size: bytes.count, limit: limits.maxMessageSize)
        }
        var effective = limits
        // Recursion is bounded by the nesting limit; keep it within a safe stack depth whatever is asked.
        effective.maxNestingDepth = max(0, min(limits.maxNestingDepth, 200))
        let budget = ParseBudget(limits: effective)
        let root = MIMEScanner(bytes: bytes, budget: budget).parseMessage(depth: 0, allowMbox: true)
        return ParsedMail(root: root, limitsHit: budget.limitsHit)
    }

    /// Parses one message from any collection of bytes.
    public func parse(_ bytes: some Collection<UInt8>) throws -> ParsedMail {
        try parse(Array(bytes))
    }
}
