/// Marks quoted history in sanitised HTML so the agent UI can fold it: elements that are quoted history get
/// the class `sb-quoted`; where a mail client marks only the *start* of the history (Outlook's
/// `#appendonsend` and `#divRplyFwdMsg`, Thunderbird's `div.moz-cite-prefix`, Outlook desktop's
/// "From:" header box), that element and all following siblings are wrapped in `<div class="sb-quoted">`.
///
/// Only the outermost quoted region is marked. The output is stable: sanitising it again marks the same
/// regions (the wrapper carries `sb-quoted`, which is itself recognised as a whole-element marker).
enum HTMLQuoteMarker {
    /// The class the UI folds.
    static let quotedClass = "sb-quoted"

    enum Marker: Equatable, Sendable {
        /// The element itself is quoted history.
        case element
        /// The element starts quoted history that runs to the end of its parent.
        case fromHere
    }

    private static let elementClasses: Set<String> = [
        "gmail_quote", "yahoo_quoted", "protonmail_quote", "zmail_extra", quotedClass,
    ]
    private static let startClasses: Set<String> = ["moz-cite-prefix", "outlookmessageheader"]
    private static let startIDs: Set<String> = [
        "appendonsend", "divrplyfwdmsg", "x_appendonsend", "x_divrplyfwdmsg", "stopspelling",
    ]

    /// Classifies an element from its input `id`, `class`, `type` and raw `style`.
    static func marker(
        element: String, id: String?, classes: [Substring], type: String?, style: String?
    ) -> Marker? {
        if element == "blockquote", type?.lowercased() == "cite" { return .element }
        if classes.contains(where: { elementClasses.contains($0.lowercased()) }) { return .element }
        if let id, startIDs.contains(id.lowercased()) { return .fromHere }
        if classes.contains(where: { startClasses.contains($0.lowercased()) }) { return .fromHere }
        if element == "div", let style, isOutlookHeaderBox(style) { return .fromHere }
        return nil
    }

    /// Outlook desktop puts the "From: … Sent: …" block of a reply in a div with a thin top border.
    private static func isOutlookHeaderBox(_ style: String) -> Bool {
        let compact = style.lowercased().filter { $0 != " " && $0 != "\n" && $0 != "\t" }
        return compact.contains("border-top:solid#e1e1e11.0pt") || compact.contains("border-top:solid#b5c4df1.0pt")
    }

    /// Parents whose children may be wrapped in a `div` without a browser re-parenting anything.
    private static let wrappableParents: Set<String> = [
        "div", "td", "th", "blockquote", "li", "dd", "section", "article", "main", "header", "footer", "aside",
        "center", "figure", "address",
    ]

    private static func canWrap(children parent: Int, in fragment: HTMLFragment) -> Bool {
        guard let element = fragment.element(at: parent) else { return true }  // the root
        return wrappableParents.contains(element.name)
    }

    /// Marks quoted regions in `fragment`.
    static func mark(_ fragment: inout HTMLFragment) {
        var stack: [Int] = [0]
        while let parent = stack.popLast() {
            var children = fragment.nodes[parent].children
            var position = 0
            while position < children.count {
                let child = children[position]
                guard var element = fragment.element(at: child) else {
                    position += 1
                    continue
                }
                switch element.quoteMarker {
                case .element:
                    if !element.classes.contains(quotedClass) { element.classes.append(quotedClass) }
                    fragment.nodes[child].content = .element(element)
                case .fromHere where !canWrap(children: parent, in: fragment):
                    // A div is not allowed here (table rows, lists, paragraphs): mark the element itself.
                    if !element.classes.contains(quotedClass) { element.classes.append(quotedClass) }
                    fragment.nodes[child].content = .element(element)
                case .fromHere:
                    let wrapper = HTMLElement(name: "div", attributes: [], classes: [quotedClass])
                    fragment.nodes.append(HTMLFragment.Node(content: .element(wrapper),
                                                           children: Array(children[position...])))
                    children.replaceSubrange(position..., with: [fragment.nodes.count - 1])
                    fragment.nodes[parent].children = children
                    position = children.count
                    continue
                case nil:
                    stack.append(child)
                }
                position += 1
            }
        }
    }
}
