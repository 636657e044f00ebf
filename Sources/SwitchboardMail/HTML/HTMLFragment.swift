/// A sanitised element: only allowlisted names and attributes ever get here.
struct HTMLElement: Equatable, Sendable {
    var name: String
    /// Filtered attributes in input order, never `class`, `id`, `rel`, `target` or event handlers.
    var attributes: [HTMLAttribute]
    /// Classes set by the sanitiser itself (`sb-quoted`, `sb-remote-image`).
    var classes: [String] = []
    /// Whether the input marked this element as the start of quoted history (set for the quote marker).
    var quoteMarker: HTMLQuoteMarker.Marker?

    /// Whether the element is a link with a kept `href`; such links get `rel` and `target` on output.
    var isLink: Bool {
        name == "a" && attributes.contains { $0.name == "href" }
    }
}

/// The sanitised document as a tree stored in one array: index 0 is the fragment root.
struct HTMLFragment: Sendable {
    enum Content: Equatable, Sendable {
        case root
        case element(HTMLElement)
        case text(String)
    }

    struct Node: Sendable {
        var content: Content
        var children: [Int] = []
    }

    var nodes: [Node] = [Node(content: .root)]

    /// Appends `content` as the last child of `parent` and returns its index. Adjacent text is merged.
    @discardableResult
    mutating func append(_ content: Content, to parent: Int) -> Int {
        if case .text(let text) = content, let last = nodes[parent].children.last,
            case .text(var existing) = nodes[last].content {
            nodes[last].content = .root  // drop the array's reference so the append below does not copy
            existing += text
            nodes[last].content = .text(existing)
            return last
        }
        nodes.append(Node(content: content))
        let index = nodes.count - 1
        nodes[parent].children.append(index)
        return index
    }

    /// The element at `index`, or `nil` for text and the root.
    func element(at index: Int) -> HTMLElement? {
        if case .element(let element) = nodes[index].content { return element }
        return nil
    }
}
