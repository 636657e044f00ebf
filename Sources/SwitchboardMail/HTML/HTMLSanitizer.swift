/// Sanitises untrusted HTML (an inbound email's `text/html` part) into HTML that is safe to show inside the
/// agent UI.
///
/// The input is tokenized like a browser would (`HTMLTokenizer`), rebuilt into a tree that holds only
/// allowlisted elements and attributes (`HTMLTreeBuilder`, `HTMLElementPolicy`, `HTMLAttributePolicy`,
/// `HTMLURLPolicy`, `CSSStyleFilter`), and re-serialised with everything escaped (`HTMLSerializer`).
/// No script, event handler, form, frame, plug-in, style sheet, SVG or MathML survives; links get
/// `rel="noopener noreferrer nofollow" target="_blank"`; remote images are blocked unless allowed; quoted
/// history is marked with the class `sb-quoted`.
///
/// Work is linear in the input: input beyond `maxInputBytes` is cut off (an element cut in half is dropped),
/// and nesting deeper than `maxDepth` is flattened.
public struct HTMLSanitizer: Sendable {
    /// How a sanitiser treats images, limits and quoted history.
    public struct Options: Sendable {
        /// Keep `http:`/`https:` image sources. When `false` (the default) the URL is moved to
        /// `data-remote-src` and the image gets the class `sb-remote-image`, so the UI can offer to load it.
        public var allowRemoteImages: Bool
        /// Maps a Content-ID (without `cid:` and angle brackets, percent-decoded) to the URL that serves that
        /// MIME part, for example `/attachments/<id>`. Returning `nil`, or having no resolver, drops the image.
        /// The returned URL must be relative or `http(s)`; anything else drops the image too.
        public var cidResolver: (@Sendable (String) -> String?)?
        /// Input longer than this many UTF-8 bytes is truncated before parsing.
        public var maxInputBytes: Int
        /// Elements nested deeper than this are flattened (their tags dropped, their content kept).
        public var maxDepth: Int
        /// Mark quoted history (Gmail, Outlook, Apple Mail, Thunderbird, Yahoo) with the class `sb-quoted`.
        public var marksQuotedHistory: Bool

        /// Creates options; the defaults block remote images, resolve no `cid:` images, accept 10 MiB and
        /// 256 levels of nesting, and mark quoted history.
        public init(
            allowRemoteImages: Bool = false,
            cidResolver: (@Sendable (String) -> String?)? = nil,
            maxInputBytes: Int = 10 * 1024 * 1024,
            maxDepth: Int = 256,
            marksQuotedHistory: Bool = true
        ) {
            self.allowRemoteImages = allowRemoteImages
            self.cidResolver = cidResolver
            self.maxInputBytes = maxInputBytes
            self.maxDepth = maxDepth
            self.marksQuotedHistory = marksQuotedHistory
        }
    }

    /// The options this sanitiser applies.
    public let options: Options

    /// Creates a sanitiser with `options`.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// Returns safe, well-formed HTML for `html`. Never fails: unusable input yields less (or empty) output.
    public func sanitize(_ html: String) -> String {
        let input = Self.truncated(html, toUTF8Count: max(0, options.maxInputBytes))
        let elementSanitizer = HTMLElementSanitizer(
            allowRemoteImages: options.allowRemoteImages, cidResolver: options.cidResolver
        )
        var builder = HTMLTreeBuilder(
            html: input, attributeSanitizer: elementSanitizer, maxDepth: min(max(1, options.maxDepth), 4096)
        )
        var fragment = builder.build()
        if options.marksQuotedHistory { HTMLQuoteMarker.mark(&fragment) }
        return HTMLSerializer.serialize(fragment)
    }

    /// `html` cut to at most `limit` UTF-8 bytes, at a scalar boundary.
    static func truncated(_ html: String, toUTF8Count limit: Int) -> String {
        let utf8 = html.utf8
        guard utf8.count > limit else { return html }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) {
            end = utf8.index(before: end)
        }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }
}
