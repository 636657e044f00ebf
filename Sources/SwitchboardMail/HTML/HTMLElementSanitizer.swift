/// Turns an allowlisted start tag into a sanitised `HTMLElement`: filters attributes, checks URLs, filters
/// inline styles, resolves `cid:` images and blocks remote images.
struct HTMLElementSanitizer: Sendable {
    let allowRemoteImages: Bool
    let cidResolver: (@Sendable (String) -> String?)?

    /// The sanitised element, or `nil` when the element must be dropped (an image without a usable source).
    func sanitize(_ tag: HTMLStartTag) -> HTMLElement? {
        var element = HTMLElement(name: tag.name, attributes: [])
        var inputID: String?
        var inputClasses: [Substring] = []
        var inputStyle: String?
        for attribute in tag.attributes {
            switch attribute.name {
            case "id":
                inputID = attribute.value
            case "class":
                inputClasses = attribute.value.split(whereSeparator: { " \t\n\u{0C}".contains($0) })
            case "style":
                inputStyle = attribute.value
                if let style = CSSStyleFilter.filter(attribute.value) {
                    element.attributes.append(HTMLAttribute(name: "style", value: style))
                }
            case "href" where tag.name == "a":
                if let target = HTMLURLPolicy.linkTarget(attribute.value) {
                    element.attributes.append(HTMLAttribute(name: "href", value: target))
                }
            case "src", "data-remote-src":
                continue  // images are handled below
            default:
                guard let kind = HTMLAttributePolicy.kind(of: attribute.name, on: tag.name),
                    let value = HTMLAttributePolicy.normalizedValue(attribute.value, kind: kind) else { continue }
                element.attributes.append(HTMLAttribute(name: attribute.name, value: value))
            }
        }
        if tag.name == "img" {
            guard applyImageSource(tag, to: &element) else { return nil }
        }
        element.quoteMarker = HTMLQuoteMarker.marker(
            element: tag.name, id: inputID, classes: inputClasses, type: tag.value(of: "type"), style: inputStyle
        )
        return element
    }

    /// Sets `src` (or `data-remote-src`) on an image. Returns `false` when the image has no usable source.
    private func applyImageSource(_ tag: HTMLStartTag, to element: inout HTMLElement) -> Bool {
        let source: HTMLURLPolicy.ImageSource
        if let src = tag.value(of: "src") {
            source = HTMLURLPolicy.imageSource(src)
        } else if let remote = tag.value(of: "data-remote-src"),
            case .remote(let url) = HTMLURLPolicy.imageSource(remote) {
            source = .remote(url)
        } else {
            return false
        }
        let insertAt = 0  // the source always comes first, so a second pass produces the same order
        switch source {
        case .inline(let url):
            element.attributes.insert(HTMLAttribute(name: "src", value: url), at: insertAt)
        case .remote(let url) where allowRemoteImages:
            element.attributes.insert(HTMLAttribute(name: "src", value: url), at: insertAt)
        case .remote(let url):
            element.attributes.insert(HTMLAttribute(name: "data-remote-src", value: url), at: insertAt)
            element.classes.append("sb-remote-image")
        case .contentID(let contentID):
            guard let resolved = cidResolver?(contentID).flatMap(HTMLURLPolicy.resolvedContentURL) else {
                return false
            }
            element.attributes.insert(HTMLAttribute(name: "src", value: resolved), at: insertAt)
        case .refused:
            return false
        }
        return true
    }
}
