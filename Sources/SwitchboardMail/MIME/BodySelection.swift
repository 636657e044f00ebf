/// Decides which leaf parts form the message text and which are attachments.
///
/// Rules: text/plain and text/html leaves without a file name and not marked `attachment` are body
/// parts. In multipart/alternative the last alternative that has plain text gives the text and the last
/// one with HTML gives the HTML; alternatives not chosen are neither body nor attachment. In
/// multipart/related the root (the `start` part, else the first) is the body and the rest are inline
/// attachments. Everything else — files, images, attached messages (message/rfc822, counted as one
/// attachment holding the message's bytes), delivery-status reports, signatures — is an attachment.
/// Attached messages are not searched for body text. Damaged parts and parts whose place the MIME framing does
/// not tell (``MIMEPart/isDamaged``, ``MIMEPart/hasUncertainPlace``) are attachments too; a text one among
/// them is the fallback text. A part that was only cut off by the end of the input keeps its role.
struct BodySelection {
    /// A body text part or an attachment (by index), in message order.
    enum FlowItem {
        case text(MIMEPart)
        case attachment(Int)
        /// An image with `Content-Disposition: inline` (shown in sequence, RFC 2183) and a Content-ID.
        case inlineImage(Int)
    }

    var textParts: [MIMEPart] = []
    var htmlParts: [MIMEPart] = []
    var attachments: [MailAttachment] = []
    /// Damaged or uncertainly placed text parts (kept as attachments); used as the text when nothing else is.
    var damagedTextParts: [MIMEPart] = []
    /// The chosen text parts and the attachments in message order.
    var flow: [FlowItem] = []

    init(root: MIMEPart) {
        collect(root, forceAttachment: false)
    }

    private static func isBodyText(_ part: MIMEPart) -> Bool {
        let type = part.mimeType
        guard type == "text/plain" || type == "text/html" else { return false }
        if part.disposition?.value == "attachment" || part.isDamaged || part.hasUncertainPlace { return false }
        if part.filename != nil { return false }
        return true
    }

    private mutating func collect(_ part: MIMEPart, forceAttachment: Bool) {
        switch part.body {
        case .multipart(let children):
            let subtype = part.mimeType.dropFirst("multipart/".count)
            if subtype == "alternative" {
                collectAlternative(children)
            } else if subtype == "related" {
                let startID = part.contentType["start"].map { $0.trimmingCharacters(in: ["<", ">", " "]) }
                let rootIndex = children.firstIndex { startID != nil && $0.contentID == startID } ?? 0
                for (index, child) in children.enumerated() {
                    if index == rootIndex { collect(child, forceAttachment: false) } else { attach(child) }
                }
            } else {
                for child in children { collect(child, forceAttachment: false) }
            }
        case .message:
            attach(part)
        case .single:
            if !forceAttachment && Self.isBodyText(part) {
                if part.mimeType == "text/html" {
                    htmlParts.append(part)
                } else {
                    textParts.append(part)
                    flow.append(.text(part))
                }
            } else {
                if (part.isDamaged || part.hasUncertainPlace) && part.mimeType.hasPrefix("text/") {
                    damagedTextParts.append(part)
                }
                attach(part)
            }
        }
    }

    private mutating func collectAlternative(_ children: [MIMEPart]) {
        var options: [BodySelection] = []
        for child in children {
            var option = BodySelection()
            option.collect(child, forceAttachment: false)
            options.append(option)
        }
        if let textOption = options.last(where: { !$0.textParts.isEmpty }) {
            textParts += textOption.textParts
            flow += textOption.textParts.map { .text($0) }
        }
        if let htmlOption = options.last(where: { !$0.htmlParts.isEmpty }) { htmlParts += htmlOption.htmlParts }
        for option in options {
            let base = attachments.count
            flow += option.flow.compactMap { item in
                switch item {
                case .text: return nil
                case .attachment(let index): return .attachment(base + index)
                case .inlineImage(let index): return .inlineImage(base + index)
                }
            }
            attachments += option.attachments
            damagedTextParts += option.damagedTextParts
        }
    }

    private init() {}

    private mutating func attach(_ part: MIMEPart) {
        switch part.body {
        case .multipart(let children):
            for child in children { attach(child) }
        case .message(let nested, let raw):
            var name = part.filename
            if name == nil, let field = nested.headers.first("Subject"),
               case let subject = field.decodedValue(fallbackCharset: Self.rawCharset(field.rawValue, nested)),
               !subject.isEmpty {
                name = subject + ".eml"
            }
            flow.append(.attachment(attachments.count))
            attachments.append(MailAttachment(
                filename: name, contentType: part.mimeType, contentID: part.contentID,
                isInline: part.disposition?.value == "inline", data: raw, charset: part.charset))
        case .single(let bytes):
            let inline = part.disposition.map { $0.value == "inline" } ?? (part.contentID != nil)
            let shownInSequence = part.disposition?.value == "inline" && part.mimeType.hasPrefix("image/")
                && part.contentID != nil
            flow.append(shownInSequence ? .inlineImage(attachments.count) : .attachment(attachments.count))
            attachments.append(MailAttachment(
                filename: part.filename, contentType: part.mimeType, contentID: part.contentID,
                isInline: inline, data: bytes, charset: part.charset))
        }
    }

    /// For a message without an HTML part whose text comes with inline images (Apple Mail sends text with
    /// pictures as text, image, text … in one multipart/mixed), HTML that shows the text parts and, in their
    /// places, the images marked `Content-Disposition: inline` that have a Content-ID, as `<img src="cid:…">`.
    /// Nil when there is no such image. Other images stay in the attachment list only.
    func inlineImageHTML() -> String? {
        guard htmlParts.isEmpty, !textParts.isEmpty else { return nil }
        guard flow.contains(where: { if case .inlineImage = $0 { return true } else { return false } }) else {
            return nil
        }
        var html = ""
        for item in flow {
            switch item {
            case .text(let part):
                let lines = (part.text ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                html += "<div>" + lines.map { HTMLEscape.text(String($0)) }.joined(separator: "<br>") + "</div>\n"
            case .inlineImage(let index):
                html += "<div><img src=\"cid:\(HTMLEscape.text(attachments[index].contentID ?? ""))\"></div>\n"
            case .attachment:
                break
            }
        }
        return html
    }

    /// The charset for raw 8-bit bytes in a header of the message `root` (see ``RawHeaderCharset``).
    static func rawCharset(_ raw: [UInt8], _ root: MIMEPart) -> String? {
        guard raw.contains(where: { $0 >= 0x80 }) else { return nil }
        return RawHeaderCharset.choose(raw, declared: RawHeaderCharset.declaredCharsets(root))
    }
}
