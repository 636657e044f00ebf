/// Builds a sanitised `HTMLFragment` from tokens: a simple but safe version of the HTML tree construction
/// stage. It keeps only allowlisted elements, closes elements implicitly where browsers do (`p`, `li`,
/// `dt`/`dd`, table rows and cells, headings, nested links), drops disallowed elements with or without their
/// content, ignores stray end tags, and flattens nesting deeper than `maxDepth`.
struct HTMLTreeBuilder {
    private var tokenizer: HTMLTokenizer
    private let attributeSanitizer: HTMLElementSanitizer
    private let maxDepth: Int
    private(set) var fragment = HTMLFragment()
    /// Indices of open elements; index 0 (the root) is always at the bottom.
    private var openElements: [Int] = [0]
    /// Names of the open elements, parallel to `openElements` (the root's name is empty).
    private var openNames: [String] = [""]
    /// The element whose content is being dropped, and how many of it are open.
    private var skipping: (name: String, depth: Int, foreign: Bool)?
    /// End tags to ignore because their start tags were dropped by the depth limit.
    private var flattened: [String: Int] = [:]
    /// Set right after `<pre>`: a newline at the start of the next text is dropped, as browsers do.
    private var dropsLeadingNewline = false

    init(html: String, attributeSanitizer: HTMLElementSanitizer, maxDepth: Int) {
        tokenizer = HTMLTokenizer(html)
        self.attributeSanitizer = attributeSanitizer
        self.maxDepth = maxDepth
    }

    /// Consumes all tokens and returns the sanitised tree.
    mutating func build() -> HTMLFragment {
        while let token = tokenizer.next() {
            let afterPre = dropsLeadingNewline
            dropsLeadingNewline = false
            if skipping != nil {
                skip(token)
                continue
            }
            switch token {
            case .text(let text):
                appendText(text, afterPre: afterPre)
            case .startTag(let tag):
                startTag(tag)
            case .endTag(let name):
                endTag(name)
            case .comment, .doctype:
                continue
            }
        }
        return fragment
    }

    // MARK: - Dropped content

    private mutating func skip(_ token: HTMLToken) {
        guard var state = skipping else { return }
        switch token {
        case .startTag(let tag):
            if tag.name == state.name && !(state.foreign && tag.selfClosing) { state.depth += 1 }
            if !state.foreign, let model = HTMLElementPolicy.contentModel(after: tag.name) {
                tokenizer.switchContentModel(model, endTag: tag.name)
            }
        case .endTag(let name) where name == state.name:
            state.depth -= 1
        default:
            break
        }
        skipping = state.depth > 0 ? state : nil
        tokenizer.allowsCDATA = skipping?.foreign ?? false
    }

    // MARK: - Start tags

    private mutating func startTag(_ tag: HTMLStartTag) {
        let name = tag.name
        switch HTMLElementPolicy.disposition(of: name) {
        case .dropWithContent:
            let foreign = name == "svg" || name == "math"
            if foreign && tag.selfClosing { return }
            if let model = HTMLElementPolicy.contentModel(after: name) {
                tokenizer.switchContentModel(model, endTag: name)
            }
            skipping = (name, 1, foreign)
            tokenizer.allowsCDATA = foreign
        case .dropVoid:
            return
        case .unwrap:
            if HTMLElementPolicy.closesParagraph.contains(name) { closeParagraph() }
        case .keep:
            insert(tag)
        }
    }

    private mutating func insert(_ tag: HTMLStartTag) {
        let name = tag.name
        closeImplied(before: name)
        guard let element = attributeSanitizer.sanitize(tag) else { return }
        let isVoid = HTMLElementPolicy.void.contains(name)
        if !isVoid && openElements.count > maxDepth {
            flattened[name, default: 0] += 1
            return
        }
        let index = fragment.append(.element(element), to: openElements[openElements.count - 1])
        if !isVoid {
            openElements.append(index)
            openNames.append(name)
            dropsLeadingNewline = name == "pre"
        }
    }

    /// Implied end tags before inserting `name`.
    private mutating func closeImplied(before name: String) {
        if HTMLElementPolicy.closesParagraph.contains(name) { closeParagraph() }
        switch name {
        case "li":
            closeListItem(named: Self.listItems)
        case "dd", "dt":
            closeListItem(named: Self.definitionItems)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if let current = currentName, HTMLElementPolicy.headings.contains(current) { pop() }
        case "a":
            if let index = findOpen("a", boundaries: HTMLElementPolicy.scopeBoundaries) { popThrough(index) }
        case "tr":
            closeTableContext(stoppingAt: Self.sectionsAndTable, closing: Self.rows)
        case "td", "th":
            closeTableContext(stoppingAt: Self.rowsSectionsAndTable, closing: Self.cells)
        case "tbody", "thead", "tfoot", "caption", "colgroup":
            closeTableContext(stoppingAt: Self.table, closing: [])
        default:
            break
        }
    }

    /// Closes an open `p` in button scope, and everything opened inside it.
    private mutating func closeParagraph() {
        if let index = findOpen("p", boundaries: HTMLElementPolicy.scopeBoundaries) { popThrough(index) }
    }

    /// For `li`/`dd`/`dt`: closes the nearest open item unless a list or other block boundary comes first.
    private static let listItemPassThrough: Set<String> = ["address", "div", "p"]

    private mutating func closeListItem(named names: Set<String>) {
        let passThrough = Self.listItemPassThrough
        for position in stride(from: openElements.count - 1, to: 0, by: -1) {
            let open = openNames[position]
            if names.contains(open) {
                popThrough(position)
                return
            }
            if Self.special.contains(open) && !passThrough.contains(open) { return }
        }
    }

    /// Pops elements until one named in `stops` is current; pops that one too if it is in `closing`.
    private mutating func closeTableContext(stoppingAt stops: Set<String>, closing: Set<String>) {
        for position in stride(from: openElements.count - 1, to: 0, by: -1) {
            let open = openNames[position]
            if closing.contains(open) {
                popThrough(position)
                return
            }
            if stops.contains(open) {
                popThrough(position + 1)
                return
            }
        }
    }

    private static let table: Set<String> = ["table"]
    private static let rows: Set<String> = ["tr"]
    private static let cells: Set<String> = ["td", "th"]
    private static let sectionsAndTable: Set<String> = ["tbody", "thead", "tfoot", "table"]
    private static let rowsSectionsAndTable: Set<String> = ["tr", "tbody", "thead", "tfoot", "table"]
    private static let listItems: Set<String> = ["li"]
    private static let definitionItems: Set<String> = ["dd", "dt"]

    /// Block-level and structural elements that stop the search for an open `li`/`dd`/`dt`.
    private static let special: Set<String> = [
        "address", "article", "aside", "blockquote", "caption", "center", "col", "colgroup", "dd", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "img", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    ]

    // MARK: - End tags

    private mutating func endTag(_ name: String) {
        if let pending = flattened[name], pending > 0 {
            flattened[name] = pending - 1
            return
        }
        guard HTMLElementPolicy.disposition(of: name) == .keep else { return }
        let boundaries: Set<String>
        switch name {
        case "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup":
            boundaries = Self.table
        default:
            boundaries = HTMLElementPolicy.scopeBoundaries
        }
        if let index = findOpen(name, boundaries: boundaries) { popThrough(index) }
    }

    // MARK: - Text

    private mutating func appendText(_ text: String, afterPre: Bool) {
        var text = text
        if text.utf8.contains(0) { text = String(text.unicodeScalars.filter { $0 != "\0" }.map(Character.init)) }
        if afterPre && text.hasPrefix("\n") { text.removeFirst() }
        guard !text.isEmpty else { return }
        fragment.append(.text(text), to: openElements[openElements.count - 1])
    }

    // MARK: - Stack helpers

    private var currentName: String? {
        openNames.count > 1 ? openNames[openNames.count - 1] : nil
    }

    /// Position in `openElements` of the nearest open `name`, searching down to the first boundary element.
    private func findOpen(_ name: String, boundaries: Set<String>) -> Int? {
        for position in stride(from: openElements.count - 1, to: 0, by: -1) {
            let open = openNames[position]
            if open == name { return position }
            if boundaries.contains(open) { return nil }
        }
        return nil
    }

    private mutating func popThrough(_ position: Int) {
        guard position > 0, position <= openElements.count else { return }
        openElements.removeSubrange(position...)
        openNames.removeSubrange(position...)
    }

    private mutating func pop() {
        if openElements.count > 1 {
            openElements.removeLast()
            openNames.removeLast()
        }
    }
}
