/// One attribute of a start tag, as the tokenizer saw it: name lower-cased, value with character references decoded.
struct HTMLAttribute: Equatable, Sendable {
    var name: String
    var value: String
}

/// A start tag token. `selfClosing` records a trailing `/` (only meaningful for void and foreign elements).
struct HTMLStartTag: Equatable, Sendable {
    var name: String
    var attributes: [HTMLAttribute]
    var selfClosing: Bool

    /// The value of the first attribute called `name`, or `nil` when the tag has none.
    func value(of name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// What the HTML tokenizer emits, following the WHATWG tokenization algorithm.
enum HTMLToken: Equatable, Sendable {
    case startTag(HTMLStartTag)
    case endTag(String)
    /// Character data with references already decoded. NUL bytes in data are kept; the tree builder drops them.
    case text(String)
    case comment(String)
    case doctype
}
