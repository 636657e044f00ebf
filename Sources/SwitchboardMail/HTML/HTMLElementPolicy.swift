/// Which elements the sanitiser keeps, which it unwraps (drops the tag, keeps the content) and which it drops
/// together with everything inside them.
enum HTMLElementPolicy {
    /// What happens to an element found in the input.
    enum Disposition: Equatable {
        /// Kept, with its attributes filtered.
        case keep
        /// The tag is dropped; its text and allowed descendants stay.
        case unwrap
        /// The tag and all of its content are dropped.
        case dropWithContent
        /// A void element that is dropped (it has no content).
        case dropVoid
    }

    static func disposition(of name: String) -> Disposition {
        if allowed.contains(name) { return .keep }
        if droppedWithContent.contains(name) { return .dropWithContent }
        if droppedVoid.contains(name) { return .dropVoid }
        return .unwrap
    }

    /// Formatting and structure that is safe to show in an agent's view of a message.
    static let allowed: Set<String> = [
        "a", "abbr", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite",
        "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
        "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "tt", "u", "ul", "var", "wbr", "article", "section", "header", "footer", "main", "aside",
        "figure", "figcaption", "time",
    ]

    /// Dropped with all content: scripts, styles, embedded documents and plug-ins, form controls whose
    /// content is not message text, templates, and foreign content (SVG, MathML).
    static let droppedWithContent: Set<String> = [
        "script", "style", "template", "iframe", "object", "applet", "noscript", "title", "textarea",
        "select", "svg", "math", "xmp", "noembed", "noframes", "plaintext", "frameset", "datalist",
        "audio", "video", "canvas", "dialog", "xml", "portal", "fencedframe",
    ]

    /// Void elements that never carry message text.
    static let droppedVoid: Set<String> = [
        "area", "base", "basefont", "bgsound", "embed", "frame", "image", "input", "isindex", "keygen",
        "link", "meta", "param", "source", "track", "command",
    ]

    /// Elements without an end tag (HTML void elements).
    static let void: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
        "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr", "command",
    ]

    /// Start tags that switch the tokenizer out of the data state, as a browser's tree builder does.
    static func contentModel(after name: String) -> HTMLTokenizer.ContentModel? {
        switch name {
        case "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript": return .rawtext
        case "textarea", "title": return .rcdata
        case "plaintext": return .plaintext
        default: return nil
        }
    }

    /// Start tags that close an open `p` element (and anything inside it), as in the HTML tree builder.
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
        "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
        "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form", "table",
        "hr", "li", "dd", "dt",
    ]

    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// Elements that bound the search for an end tag's element (roughly the HTML "scope" markers).
    static let scopeBoundaries: Set<String> = ["table", "td", "th", "caption"]
}
