/// One node of a message's MIME tree: its headers and its decoded body.
public struct MIMEPart: Sendable {
    /// What a part contains.
    public indirect enum Body: Sendable {
        /// A leaf: the body bytes after Content-Transfer-Encoding decoding (no charset decoding).
        case single([UInt8])
        /// A multipart: its children in order.
        case multipart([MIMEPart])
        /// An attached message (message/rfc822): the message's root part, and the message's bytes.
        case message(MIMEPart, raw: [UInt8])
    }

    /// The part's header fields.
    public var headers: MailHeaders
    /// The parsed Content-Type (`text/plain` when absent or unusable).
    public var contentType: HeaderParameters
    /// The parsed Content-Disposition, or nil when absent.
    public var disposition: HeaderParameters?
    /// The Content-Transfer-Encoding, lower-cased (`7bit` when absent).
    public var transferEncoding: String
    /// The body.
    public var body: Body
    /// A file name found inside a uuencoded body, if any.
    var uuencodedFilename: String?
    /// True when the part is damaged: its base64 held characters outside the alphabet. Damaged text
    /// parts are kept as attachments rather than shown as the message text (see ``hasUncertainPlace`` for
    /// parts whose MIME framing is broken).
    public var isDamaged: Bool = false
    /// True when the MIME framing around the part is broken: the input ended inside the part before any
    /// delimiter of its multipart came (a truncated message, or a close delimiter never sent), or the part is
    /// a multipart whose body holds none of its own delimiters (then read as text/plain). Such a part keeps
    /// its role (message text or attachment) unless ``hasUncertainPlace`` is also true.
    public var isUnterminated: Bool = false
    /// True when the part is ``isUnterminated`` and the framing does not tell where it belongs, so it is kept
    /// as an attachment (nothing is lost; a text part among these is still shown as the message text when
    /// the message has no other text). This is the case when
    /// - the input ended inside the part, and a delimiter line of its multipart (or of an enclosing one) was
    ///   ambiguous: it also began with another open boundary (one boundary a prefix of another, or reused by
    ///   a nested multipart), or carried text after its boundary. The parser had to guess which multipart
    ///   each such line closes, and no close delimiter confirms the guess;
    /// - the part is a multipart whose body holds none of its delimiters: the body may be the preamble of a
    ///   multipart whose parts were lost, or a single part mislabelled as multipart. It counts as a single
    ///   text part when its Content-Transfer-Encoding is quoted-printable: a multipart cannot have it (RFC 2045
    ///   section 6.4), and it encodes one body of mostly printable text (section 6.7).
    ///
    /// A part that was only cut off, in a multipart whose delimiters were all unambiguous, keeps its role, as
    /// most mail readers treat the end of the input as the missing close delimiter.
    public var hasUncertainPlace: Bool = false

    /// `type/subtype`, lower-cased.
    public var mimeType: String { contentType.value }

    /// The Content-ID without angle brackets, or nil.
    public var contentID: String? {
        guard let raw = headers["Content-ID"] else { return nil }
        var id = raw.trimmingASCIIWhitespace()
        if id.hasPrefix("<") { id.removeFirst() }
        if let close = id.firstIndex(of: ">") { id = String(id[..<close]) }
        id = id.trimmingASCIIWhitespace()
        return id.isEmpty ? nil : id
    }

    /// The file name from Content-Disposition, Content-Type `name`, or a uuencode `begin` line; nil if none.
    public var filename: String? {
        for candidate in [disposition?["filename"], contentType["name"], uuencodedFilename] {
            if let name = candidate?.trimmingASCIIWhitespace(), !name.isEmpty { return name }
        }
        return nil
    }

    /// The `charset` parameter, or nil.
    public var charset: String? { contentType["charset"] }

    /// The children of a multipart, or an empty array.
    public var children: [MIMEPart] {
        if case .multipart(let parts) = body { return parts }
        return []
    }

    /// The leaf bytes (decoded transfer encoding), the raw message for message/rfc822, or nil for a multipart.
    public var content: [UInt8]? {
        switch body {
        case .single(let bytes): return bytes
        case .message(_, let raw): return raw
        case .multipart: return nil
        }
    }

    /// The leaf decoded to text by its charset with line endings normalised to LF; nil for non-leaves.
    public var text: String? {
        guard case .single(let bytes) = body else { return nil }
        var text = CharsetDecoder().decode(bytes, charset: charset)
        if text.containsASCII(UInt8(ascii: "\r")) {
            text = String(decoding: ByteLines.normalizeToLF(Array(text.utf8)), as: UTF8.self)
        }
        if mimeType == "text/plain", contentType["format"]?.lowercased() == "flowed" {
            text = FlowedText.decode(text, delSp: contentType["delsp"]?.lowercased() == "yes")
        }
        return text
    }
}
