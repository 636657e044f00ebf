/// Work shared by one parse across nested scanners: part budget and the limits that were hit.
final class ParseBudget {
    let limits: MailParserLimits
    var partCount = 0
    var limitsHit: Set<MailParserLimits.Kind> = []

    init(limits: MailParserLimits) { self.limits = limits }
}

/// A single-pass MIME scanner over raw bytes. Line endings may be LF, CRLF or bare CR, mixed.
/// Every body part ends at the next line that is a boundary of *any* enclosing multipart, so
/// missing close-delimiters and truncated messages still give a sensible tree, and each byte is
/// looked at a bounded number of times (linear in the input, times the nesting depth for boundary
/// comparisons, which is capped).
struct MIMEScanner {
    let bytes: [UInt8]
    let budget: ParseBudget

    init(bytes: [UInt8], budget: ParseBudget) {
        self.bytes = bytes
        self.budget = budget
    }

    private struct Boundary {
        let marker: [UInt8] // "--" + boundary
    }

    private enum BoundaryMatch {
        case open(level: Int)
        case close(level: Int)
    }

    /// Parses the whole buffer as one message.
    func parseMessage(depth: Int, allowMbox: Bool) -> MIMEPart {
        var start = 0
        if allowMbox {
            // Skip leading blank lines, then an mbox "From " line.
            while start < bytes.count && (bytes[start] == 0x0A || bytes[start] == 0x0D) { start += 1 }
            if bytes.count - start >= 5, bytes[start..<(start + 5)].elementsEqual("From ".utf8) {
                start = lineBounds(start).next
            }
        }
        budget.partCount += 1
        return parseEntity(from: start, stack: [], depth: depth, defaultType: "text/plain", isMessage: true).part
    }

    // MARK: - Lines

    /// The end of the line content starting at `position` and the start of the next line.
    @inline(__always)
    func lineBounds(_ position: Int) -> (contentEnd: Int, next: Int) {
        var index = position
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A { return (index, index + 1) }
            if byte == 0x0D {
                if index + 1 < count && bytes[index + 1] == 0x0A { return (index, index + 2) }
                return (index, index + 1)
            }
            index += 1
        }
        return (count, count)
    }

    /// The position just before the line break that precedes the line starting at `lineStart`.
    func endBeforeLineBreak(_ lineStart: Int, floor: Int) -> Int {
        var end = lineStart
        if end > floor && bytes[end - 1] == 0x0A { end -= 1 }
        if end > floor && bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    private func matchBoundary(_ lineStart: Int, _ contentEnd: Int, _ stack: [Boundary]) -> BoundaryMatch? {
        guard !stack.isEmpty, contentEnd - lineStart >= 2,
              bytes[lineStart] == UInt8(ascii: "-"), bytes[lineStart + 1] == UInt8(ascii: "-") else { return nil }
        for level in stride(from: stack.count - 1, through: 0, by: -1) {
            let marker = stack[level].marker
            guard contentEnd - lineStart >= marker.count else { continue }
            var matches = true
            for offset in 2..<marker.count where bytes[lineStart + offset] != marker[offset] {
                matches = false
                break
            }
            guard matches else { continue }
            // A line that starts with "--boundary" is a delimiter whatever follows (as Dovecot and
            // Stalwart treat it): a conforming body never starts a line that way, and trailing junk
            // after a delimiter is common in the wild.
            let rest = lineStart + marker.count
            let isClose = contentEnd - rest >= 2
                && bytes[rest] == UInt8(ascii: "-") && bytes[rest + 1] == UInt8(ascii: "-")
            return isClose ? .close(level: level) : .open(level: level)
        }
        return nil
    }

    /// Scans lines from `position` until a boundary line of `stack`; returns that line's start (or the end).
    private func scanToBoundary(from position: Int, _ stack: [Boundary]) -> (lineStart: Int, match: BoundaryMatch?) {
        if stack.isEmpty { return (bytes.count, nil) }
        var lineStart = position
        let count = bytes.count
        while lineStart < count {
            let (contentEnd, next) = lineBounds(lineStart)
            if let match = matchBoundary(lineStart, contentEnd, stack) { return (lineStart, match) }
            lineStart = next
        }
        return (count, nil)
    }

    // MARK: - Headers

    private func isFieldNameByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ":")
    }

    /// Parses a header block; returns the headers, where the body starts, and a boundary line that
    /// interrupted the header block (a part with no body).
    private func parseHeaders(from start: Int, _ stack: [Boundary], isMessage: Bool)
        -> (headers: MailHeaders, bodyStart: Int, interrupted: BoundaryMatch?) {
        var junkLines = 0 // colon-less lines tolerated inside this header block
        var fields: [HeaderField] = []
        var position = start
        let limits = budget.limits
        var lastFieldTruncated = false
        var ignoring = false
        while position < bytes.count {
            let (contentEnd, next) = lineBounds(position)
            if contentEnd == position { return (MailHeaders(fields), next, nil) } // blank line: body follows
            if let match = matchBoundary(position, contentEnd, stack) { return (MailHeaders(fields), position, match) }
            let first = bytes[position]
            if first == 0x20 || first == 0x09 {
                // Continuation of the previous field (unfolding keeps the whitespace, drops the break).
                if !ignoring, !fields.isEmpty, !lastFieldTruncated {
                    let room = limits.maxHeaderLineLength - fields[fields.count - 1].rawValue.count
                    let take = min(room, contentEnd - position)
                    if take > 0 {
                        fields[fields.count - 1].rawValue.append(contentsOf: bytes[position..<(position + take)])
                    }
                    if take < contentEnd - position {
                        lastFieldTruncated = true
                        budget.limitsHit.insert(.headerLineLength)
                    }
                }
                position = next
                continue
            }
            var colon = position
            while colon < contentEnd && isFieldNameByte(bytes[colon]) { colon += 1 }
            // Allow whitespace between the name and the colon (obsolete syntax).
            var afterName = colon
            while afterName < contentEnd && (bytes[afterName] == 0x20 || bytes[afterName] == 0x09) { afterName += 1 }
            guard colon > position, afterName < contentEnd, bytes[afterName] == UInt8(ascii: ":") else {
                if fields.isEmpty, contentEnd - position >= 5,
                   bytes[position..<(position + 5)].elementsEqual("From ".utf8) {
                    position = next // an mbox separator line
                    continue
                }
                if first == UInt8(ascii: ">"), contentEnd - position >= 6,
                   bytes[(position + 1)..<(position + 6)].elementsEqual("From ".utf8) {
                    position = next
                    continue
                }
                // Broken folding (a continuation without leading whitespace), or a junk line before the
                // headers of a message ("---- Original message ----"): tolerated when real header fields
                // follow before any blank line. Bounded, so hostile input cannot make this quadratic.
                if junkLines < 200, fields.isEmpty ? isMessage : true,
                   headerFieldFollows(next, stack) || (!fields.isEmpty && isParameterLine(position, contentEnd)) {
                    junkLines += 1
                    if !fields.isEmpty && !ignoring && !lastFieldTruncated {
                        let room = limits.maxHeaderLineLength - fields[fields.count - 1].rawValue.count
                        let take = min(room, contentEnd - position)
                        if take > 0 {
                            fields[fields.count - 1].rawValue.append(contentsOf: bytes[position..<(position + take)])
                        }
                    }
                    position = next
                    continue
                }
                return (MailHeaders(fields), position, nil) // not a header: the body starts here
            }
            if fields.count >= limits.maxHeaderCount {
                budget.limitsHit.insert(.headerCount)
                ignoring = true
                position = next
                continue
            }
            ignoring = false
            let name = String(decoding: bytes[position..<colon], as: UTF8.self)
            var valueStart = afterName + 1
            while valueStart < contentEnd && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) {
                valueStart += 1
            }
            let take = min(contentEnd - valueStart, limits.maxHeaderLineLength)
            lastFieldTruncated = take < contentEnd - valueStart
            if lastFieldTruncated { budget.limitsHit.insert(.headerLineLength) }
            fields.append(HeaderField(name: name, rawValue: Array(bytes[valueStart..<(valueStart + take)])))
            position = next
        }
        return (MailHeaders(fields), bytes.count, nil)
    }

    /// Whether the line looks like a MIME parameter (`boundary="…"`) whose folding whitespace was lost.
    private func isParameterLine(_ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end, bytes[index] > 0x20, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ":") {
            index += 1
        }
        return index > start && index < end && bytes[index] == UInt8(ascii: "=")
    }

    /// Whether a header field line comes within the next few lines, before a blank or boundary line.
    private func headerFieldFollows(_ start: Int, _ stack: [Boundary]) -> Bool {
        var position = start
        var lines = 0
        while position < bytes.count && lines < 50 && position - start < 16_384 {
            let (contentEnd, next) = lineBounds(position)
            if contentEnd == position || matchBoundary(position, contentEnd, stack) != nil { return false }
            if bytes[position] != 0x20 && bytes[position] != 0x09 {
                var colon = position
                while colon < contentEnd && isFieldNameByte(bytes[colon]) { colon += 1 }
                if colon > position, colon < contentEnd, bytes[colon] == UInt8(ascii: ":"), colon - position < 80 {
                    return true
                }
            }
            position = next
            lines += 1
        }
        return false
    }

    // MARK: - Entities

    /// Parses one entity (headers + body) starting at `start`. Returns the part and the start of the
    /// boundary line that ended it (or the end of the input). `ambiguousFraming` tells that a delimiter line
    /// of an enclosing multipart was ambiguous (see ``MIMEPart/hasUncertainPlace``).
    private func parseEntity(from start: Int, stack: [Boundary], depth: Int, defaultType: String,
                             isMessage: Bool = false, ambiguousFraming: Bool = false) -> (part: MIMEPart, stop: Int) {
        let (headers, bodyStart, interrupted) = parseHeaders(from: start, stack, isMessage: isMessage)
        // With several Content-Type fields the last one wins (as in Stalwart and most MUAs).
        var contentType = headers.all("Content-Type").last.map { HeaderParameters(parsing: $0.rawValue) }
            ?? HeaderParameters(value: defaultType)
        contentType.value = Self.normalizedType(contentType.value, defaultType: defaultType)
        let disposition = headers.first("Content-Disposition").map { HeaderParameters(parsing: $0.rawValue) }
        let encoding = (headers["Content-Transfer-Encoding"] ?? "7bit").trimmingASCIIWhitespace().lowercased()
        var part = MIMEPart(headers: headers, contentType: contentType, disposition: disposition,
                            transferEncoding: encoding.isEmpty ? "7bit" : encoding, body: .single([]))
        if interrupted != nil { return (part, bodyStart) }

        let mimeType = contentType.value
        if mimeType.hasPrefix("multipart/") {
            if let boundary = contentType["boundary"], !boundary.isEmpty {
                if depth >= budget.limits.maxNestingDepth {
                    budget.limitsHit.insert(.nestingDepth)
                } else if let (children, stop) = parseMultipart(
                    bodyStart: bodyStart, boundary: boundary, stack: stack, depth: depth,
                    ambiguousFraming: ambiguousFraming,
                    childDefault: mimeType == "multipart/digest" ? "message/rfc822" : "text/plain") {
                    part.body = .multipart(children)
                    return (part, stop)
                }
            }
            if depth < budget.limits.maxNestingDepth {
                // No boundary, or no delimiter found at all: the body is read as plain text. It is kept as an
                // attachment that can stand in for the message text, unless its transfer encoding shows that
                // it is a single text part mislabelled as multipart (``MIMEPart/hasUncertainPlace``).
                part.contentType = HeaderParameters(value: "text/plain", parameters: contentType.parameters
                    .filter { $0.name == "charset" })
                part.isUnterminated = true
                part.hasUncertainPlace = !Self.isSingleTextPartEncoding(part.transferEncoding)
            }
        }
        let (stop, _) = scanToBoundary(from: bodyStart, stack)
        // The line break before a delimiter belongs to the delimiter; at the end of input it is content.
        var bodyEnd = stop >= bytes.count ? bytes.count : max(bodyStart, endBeforeLineBreak(stop, floor: bodyStart))
        if !stack.isEmpty && stop >= bytes.count {
            // Inside a multipart, the input ended before any delimiter line: the part was cut off, unless the
            // close delimiter was glued to the end of the last line (a lost line break).
            if let glued = gluedCloseDelimiter(after: bodyStart, stack) {
                bodyEnd = glued
            } else {
                part.isUnterminated = true
                part.hasUncertainPlace = part.hasUncertainPlace || ambiguousFraming
            }
        }
        let raw = bytes[bodyStart..<bodyEnd]

        if (mimeType == "message/rfc822" || mimeType == "message/global") && depth < budget.limits.maxNestingDepth {
            var messageBytes = decodeTransfer(raw, encoding: part.transferEncoding, part: &part)
            if Self.isLineOriented(part.transferEncoding) { messageBytes = ByteLines.normalizeToLF(messageBytes) }
            let nested = MIMEScanner(bytes: messageBytes, budget: budget)
                .parseMessage(depth: depth + 1, allowMbox: false)
            part.body = .message(nested, raw: messageBytes)
            return (part, stop)
        }
        if mimeType.hasPrefix("message/rfc822") || mimeType == "message/global" {
            budget.limitsHit.insert(.nestingDepth)
        }
        var decoded = decodeTransfer(raw, encoding: part.transferEncoding, part: &part)
        if Self.isLineOriented(part.transferEncoding) { decoded = ByteLines.normalizeToLF(decoded) }
        part.body = .single(decoded)
        return (part, stop)
    }

    /// Where a close delimiter (`--boundary--` of any enclosing multipart) starts when the input ends with one
    /// glued to the end of a text line, after `start`; nil otherwise. Trailing whitespace is ignored.
    private func gluedCloseDelimiter(after start: Int, _ stack: [Boundary]) -> Int? {
        var end = bytes.count
        while end > start, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[end - 1]) { end -= 1 }
        for boundary in stack.reversed() {
            let close = boundary.marker + [UInt8(ascii: "-"), UInt8(ascii: "-")]
            let begin = end - close.count
            guard begin > start, bytes[begin..<end].elementsEqual(close) else { continue }
            return begin
        }
        return nil
    }

    /// Parses the parts of a multipart body. Returns nil when the body holds no delimiter of its own.
    /// `ambiguousFraming` tells that a delimiter line of an enclosing multipart was ambiguous.
    private func parseMultipart(bodyStart: Int, boundary: String, stack: [Boundary], depth: Int,
                                ambiguousFraming: Bool, childDefault: String) -> ([MIMEPart], Int)? {
        let trimmed = boundary.trimmingASCIIWhitespace()
        let marker = Array("--".utf8) + Array((trimmed.isEmpty ? boundary : trimmed).utf8)
        let innerStack = stack + [Boundary(marker: marker)]
        let level = innerStack.count - 1
        // Preamble.
        var (lineStart, match) = scanToBoundary(from: bodyStart, innerStack)
        guard let firstMatch = match else { return nil }
        switch firstMatch {
        case .open(let matched) where matched == level:
            break
        case .close(let matched) where matched == level:
            return ([], skipEpilogue(after: lineStart, stack: stack))
        default:
            return nil // an outer boundary before any of ours
        }
        var children: [MIMEPart] = []
        var ambiguous = ambiguousFraming
        while true {
            // lineStart is at an opening delimiter of ours.
            ambiguous = ambiguous || isAmbiguousDelimiter(lineStart, level: level, innerStack)
            let childStart = lineBounds(lineStart).next
            if budget.partCount >= budget.limits.maxPartCount {
                budget.limitsHit.insert(.partCount)
                // Skip the rest of this multipart without building parts.
                var (skipStart, skipMatch) = scanToBoundary(from: childStart, innerStack)
                while case .open(let matched)? = skipMatch, matched == level {
                    (skipStart, skipMatch) = scanToBoundary(from: lineBounds(skipStart).next, innerStack)
                }
                if case .close(let matched)? = skipMatch, matched == level {
                    return (children, skipEpilogue(after: skipStart, stack: stack))
                }
                return (children, skipStart)
            }
            budget.partCount += 1
            let (child, stop, complete) = parseChild(from: childStart, stack: innerStack, depth: depth + 1,
                                                     defaultType: childDefault, ambiguousFraming: ambiguous)
            // A part cut off by a delimiter before its header block ended has no body: it is dropped.
            if complete { children.append(child) }
            guard stop < bytes.count else { return (children, bytes.count) }
            let (contentEnd, _) = lineBounds(stop)
            match = matchBoundary(stop, contentEnd, innerStack)
            lineStart = stop
            switch match {
            case .open(let matched)? where matched == level:
                continue
            case .close(let matched)? where matched == level:
                return (children, skipEpilogue(after: lineStart, stack: stack))
            default:
                return (children, stop) // an enclosing boundary: our close delimiter is missing
            }
        }
    }

    private func parseChild(from start: Int, stack: [Boundary], depth: Int, defaultType: String,
                            ambiguousFraming: Bool) -> (part: MIMEPart, stop: Int, complete: Bool) {
        let (part, stop) = parseEntity(from: start, stack: stack, depth: depth, defaultType: defaultType,
                                       ambiguousFraming: ambiguousFraming)
        if case .single(let bytes) = part.body, bytes.isEmpty, !part.headers.fields.isEmpty || stop == start {
            // Distinguish "headers, blank line, empty body" (kept) from "headers then delimiter" (dropped).
            return (part, stop, hasBlankLineBefore(stop, after: start))
        }
        return (part, stop, true)
    }

    /// Whether the delimiter line at `lineStart`, matched as the boundary at `level` of `stack`, is ambiguous:
    /// it carries more than whitespace after the boundary, or it also begins with another boundary of `stack`
    /// (a boundary that is a prefix of another, or one reused by a nested multipart).
    private func isAmbiguousDelimiter(_ lineStart: Int, level: Int, _ stack: [Boundary]) -> Bool {
        let contentEnd = lineBounds(lineStart).contentEnd
        var rest = lineStart + stack[level].marker.count
        while rest < contentEnd && (bytes[rest] == 0x20 || bytes[rest] == 0x09) { rest += 1 }
        if rest < contentEnd { return true }
        for (other, boundary) in stack.enumerated() where other != level {
            let marker = boundary.marker
            if contentEnd - lineStart >= marker.count,
               bytes[lineStart..<(lineStart + marker.count)].elementsEqual(marker) {
                return true
            }
        }
        return false
    }

    /// Whether a body in this transfer encoding is a single text part: a multipart may only be 7bit, 8bit or
    /// binary (RFC 2045 section 6.4), and quoted-printable encodes one body of mostly printable text (6.7).
    /// (Base64 also rules out a multipart, but may hold any file, so such a body stays an attachment.)
    static func isSingleTextPartEncoding(_ encoding: String) -> Bool {
        ["quoted-printable", "x-quoted-printable", "quoted_printable", "qp"].contains(encoding)
    }

    /// Whether a blank line occurs between `start` and `stop`.
    private func hasBlankLineBefore(_ stop: Int, after start: Int) -> Bool {
        var position = start
        while position < stop {
            let (contentEnd, next) = lineBounds(position)
            if contentEnd == position { return true }
            position = next
        }
        return false
    }

    /// Skips the epilogue after a close delimiter at `lineStart`, up to the next enclosing boundary.
    private func skipEpilogue(after lineStart: Int, stack: [Boundary]) -> Int {
        let next = lineBounds(lineStart).next
        return scanToBoundary(from: next, stack).lineStart
    }

    private func decodeTransfer(_ raw: ArraySlice<UInt8>, encoding: String, part: inout MIMEPart) -> [UInt8] {
        switch encoding {
        case "base64", "x-base64", "base-64":
            let (decoded, junk) = TransferDecoding.base64Reporting(raw)
            if junk > 0 {
                part.isDamaged = true
                // Prose, not base64 (more than 1 in 20 characters outside the alphabet): keep it as it is.
                let significant = raw.reduce(0) { $0 + ($1 > 0x20 ? 1 : 0) }
                if junk * 20 > significant { return Array(raw) }
            }
            return decoded
        case "quoted-printable", "x-quoted-printable", "quoted_printable", "qp":
            return TransferDecoding.quotedPrintable(raw)
        case "x-uuencode", "uuencode", "x-uue", "uue":
            let (decoded, name) = TransferDecoding.uuencode(raw)
            part.uuencodedFilename = name
            return decoded
        default:
            return Array(raw)
        }
    }

    /// Whether content in this transfer encoding is lines of text whose line endings carry no meaning:
    /// 7bit (RFC 2045 §2.7), which is also the default. Its line endings are normalised to LF; 8bit,
    /// binary and decoded base64/quoted-printable/uuencode content is kept byte-exact.
    static func isLineOriented(_ encoding: String) -> Bool {
        encoding == "7bit" || encoding == "7-bit"
    }

    /// Lower-cases a Content-Type value and repairs unusable ones.
    static func normalizedType(_ value: String, defaultType: String) -> String {
        let lower = value.lowercased().trimmingASCIIWhitespace()
        guard let slash = lower.firstIndex(of: "/") else {
            if lower == "text" || lower.isEmpty { return lower.isEmpty ? defaultType : "text/plain" }
            if lower == "multipart" { return "multipart/mixed" }
            return "application/octet-stream"
        }
        let type = lower[..<slash].trimmingASCIIWhitespace()
        let subtype = lower[lower.index(after: slash)...].trimmingASCIIWhitespace()
        if type.isEmpty || subtype.isEmpty { return type == "text" ? "text/plain" : "application/octet-stream" }
        return type + "/" + subtype
    }
}
