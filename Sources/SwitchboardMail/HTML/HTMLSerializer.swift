/// Serialises a sanitised fragment. Everything is re-escaped: `&`, `<`, `>` in text and `&`, `<`, `>`, `"` in
/// double-quoted attribute values; C0 controls other than tab and newline are dropped and CR is written as
/// `&#13;`. The output contains no raw text elements, comments or foreign content, so a browser parses it
/// into exactly the tree that was serialised (no mutation XSS).
enum HTMLSerializer {
    /// Attributes added to every link with an `href`.
    static let linkAttributes = [
        HTMLAttribute(name: "rel", value: "noopener noreferrer nofollow"),
        HTMLAttribute(name: "target", value: "_blank"),
    ]

    static func serialize(_ fragment: HTMLFragment) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(fragment.nodes.count * 16)
        // Iterative walk: (node, closing) pairs, so deep trees never exhaust the call stack.
        var stack: [(node: Int, closing: Bool)] = fragment.nodes[0].children.reversed().map { ($0, false) }
        while let (index, closing) = stack.popLast() {
            let node = fragment.nodes[index]
            switch node.content {
            case .root:
                continue
            case .text(let text):
                appendEscaped(text, to: &output, inAttribute: false)
            case .element(let element):
                if closing {
                    output.append(contentsOf: "</".utf8)
                    output.append(contentsOf: element.name.utf8)
                    output.append(UInt8(ascii: ">"))
                    continue
                }
                appendStartTag(element, to: &output)
                if HTMLElementPolicy.void.contains(element.name) { continue }
                if element.name == "pre", let first = node.children.first,
                    case .text(let text) = fragment.nodes[first].content, text.utf8.first == 0x0A {
                    output.append(0x0A)  // a parser drops the first newline after <pre>
                }
                stack.append((index, true))
                stack.append(contentsOf: node.children.reversed().map { ($0, false) })
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendStartTag(_ element: HTMLElement, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: element.name.utf8)
        if !element.classes.isEmpty {
            appendAttribute(HTMLAttribute(name: "class", value: element.classes.joined(separator: " ")), to: &output)
        }
        for attribute in element.attributes { appendAttribute(attribute, to: &output) }
        if element.isLink {
            for attribute in linkAttributes { appendAttribute(attribute, to: &output) }
        }
        output.append(UInt8(ascii: ">"))
    }

    private static func appendAttribute(_ attribute: HTMLAttribute, to output: inout [UInt8]) {
        output.append(0x20)
        output.append(contentsOf: attribute.name.utf8)
        output.append(contentsOf: "=\"".utf8)
        appendEscaped(attribute.value, to: &output, inAttribute: true)
        output.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ text: String, to output: inout [UInt8], inAttribute: Bool) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where inAttribute: output.append(contentsOf: "&quot;".utf8)
            case 0x0D: output.append(contentsOf: "&#13;".utf8)
            case 0x09, 0x0A: output.append(byte)
            case 0..<0x20, 0x7F: continue
            default: output.append(byte)
            }
        }
    }
}
