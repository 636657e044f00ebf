import NIOCore

/// One line from an SMTP/LMTP client, without its line ending.
public enum SMTPLine: Sendable, Equatable {
    case line([UInt8])
    /// A line longer than the limit; its bytes were discarded up to the next line ending.
    case tooLong
}

/// Frames the byte stream into lines ending in LF (CRLF or a bare LF; the CR is removed), bounded by
/// `maxLength`: a longer line is reported once as ``SMTPLine/tooLong`` and skipped, so a client cannot make the
/// server buffer without bound.
public struct SMTPLineDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = SMTPLine

    let maxLength: Int
    private var discarding = false

    public init(maxLength: Int) {
        self.maxLength = maxLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > maxLength + 1 {
                // Drop what is buffered of an over-long line and keep discarding until its end.
                if !discarding {
                    discarding = true
                    context.fireChannelRead(wrapInboundOut(.tooLong))
                }
                buffer.moveReaderIndex(forwardBy: view.count)
            }
            return .needMoreData
        }
        let length = newline - view.startIndex
        var line = Array(view[view.startIndex..<newline])
        buffer.moveReaderIndex(forwardBy: length + 1)
        if discarding {
            discarding = false
            return .continue
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.count > maxLength {
            context.fireChannelRead(wrapInboundOut(.tooLong))
        } else {
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        // An unterminated last line is not a command: drop it.
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        return .needMoreData
    }
}
