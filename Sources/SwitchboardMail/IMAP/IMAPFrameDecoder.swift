import NIOCore

/// One complete server response as received: its lines (CRLF included) with every literal's bytes inline.
public struct IMAPFrame: Sendable, Equatable {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// Frames the server's byte stream into whole responses (RFC 3501 §7: a line that ends in a literal `{n}` is
/// followed by n bytes and then continues). Checks ``IMAPLimits`` before buffering: an over-long line, an
/// over-large literal or response throws ``IMAPClientError`` (`limitExceeded`) instead of waiting for more.
struct IMAPFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = IMAPFrame

    let limits: IMAPLimits
    /// Offset (from the reader index) where the current, not yet complete, line starts.
    private var lineStart = 0
    /// Offset up to which the current line has been searched for LF.
    private var searched = 0

    init(limits: IMAPLimits) {
        self.limits = limits
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while let frame = try nextFrame(&buffer) { context.fireChannelRead(wrapInboundOut(frame)) }
        return .needMoreData
    }

    /// The next complete frame, consuming its bytes, or nil when more data is needed.
    mutating func nextFrame(_ buffer: inout ByteBuffer) throws -> IMAPFrame? {
        while true {
            let readable = buffer.readableBytes
            let view = buffer.readableBytesView
            let base = view.startIndex
            var newline: Int?
            var index = max(searched, lineStart)
            while index < readable {
                if view[base + index] == 10 { newline = index; break }
                index += 1
            }
            guard let lf = newline else {
                searched = readable
                if readable - lineStart > limits.maxLineLength {
                    throw Self.lineTooLong(limits)
                }
                return nil
            }
            if lf - lineStart > limits.maxLineLength {
                throw Self.lineTooLong(limits)
            }
            if let literal = try Self.literalLength(view, base: base, lineStart: lineStart, lf: lf) {
                guard literal <= limits.maxLiteralSize else {
                    throw IMAPClientError(
                        .limitExceeded,
                        "the server announced a literal of \(literal) bytes (limit \(limits.maxLiteralSize))")
                }
                let end = lf + 1 + literal
                guard end <= limits.maxResponseSize else {
                    throw Self.responseTooLarge(limits)
                }
                guard end <= readable else {
                    searched = lf  // wait for the literal; re-examine this line next time
                    return nil
                }
                lineStart = end
                searched = end
                continue
            }
            let length = lf + 1
            guard length <= limits.maxResponseSize else {
                throw Self.responseTooLarge(limits)
            }
            let bytes = buffer.readBytes(length: length) ?? []
            lineStart = 0
            searched = 0
            return IMAPFrame(bytes: bytes)
        }
    }

    /// When the line `[lineStart, lf)` ends with `{digits}` or `{digits+}` (before an optional CR): the count.
    static func literalLength(_ view: ByteBufferView, base: Int, lineStart: Int, lf: Int) throws -> Int? {
        var end = lf
        if end > lineStart && view[base + end - 1] == 13 { end -= 1 }
        guard end > lineStart, view[base + end - 1] == UInt8(ascii: "}") else { return nil }
        var index = end - 2
        if index >= lineStart && view[base + index] == UInt8(ascii: "+") { index -= 1 }
        var digits = 0
        var value = 0
        while index >= lineStart, let digit = Self.digit(view[base + index]) {
            guard digits < 12 else {
                throw IMAPClientError(.limitExceeded, "the server announced an absurdly large literal")
            }
            var scale = 1
            for _ in 0..<digits { scale *= 10 }
            value += digit * scale
            digits += 1
            index -= 1
        }
        guard digits > 0, index >= lineStart, view[base + index] == UInt8(ascii: "{") else { return nil }
        return value
    }

    static func lineTooLong(_ limits: IMAPLimits) -> IMAPClientError {
        IMAPClientError(.limitExceeded, "the server sent a line longer than \(limits.maxLineLength) bytes")
    }

    static func responseTooLarge(_ limits: IMAPLimits) -> IMAPClientError {
        IMAPClientError(.limitExceeded, "the server sent a response over \(limits.maxResponseSize) bytes")
    }

    static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}
