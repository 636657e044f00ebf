/// Decides which leaf parts form the message text and which are attachments.
///
/// Rules: text/plain and text/html leaves without a file name and not marked `attachment` are body
/// parts. In multipart/alternative the last alternative that has plain text gives the text and the last
/// one with HTML gives the HTML; alternatives not chosen are neither body nor attachment. In
/// multipart/related the root (the `start` part, else the first) is the body and the rest are inline
/// attachments. Everything else — files, images, attached messages (message/rfc822, counted as one
/// attachment holding the message's bytes), delivery-status reports, signatures — is an attachment.
/// Attached messages are not searched for body text.
struct BodySelection {
    var textParts: [MIMEPart] = []
    var htmlParts: [MIMEPart] = []
    var attachments: [MailAttachment] = []
    /// Damaged text parts (kept as attachments); used as the text when nothing else is.
    var damagedTextParts: [MIMEPart] = []

    init(root: MIMEPart) {
        collect(root, forceAttachment: false)
    }

    private static func isBodyText(_ part: MIMEPart) -> Bool {
        let type = part.mimeType
        guard type == "text/plain" || type == "text/html" else { return false }
        if part.disposition?.value == "attachment" || part.isDamaged { return false }
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
                if part.mimeType == "text/html" { htmlParts.append(part) } else { textParts.append(part) }
            } else {
                if part.isDamaged && part.mimeType.hasPrefix("text/") { damagedTextParts.append(part) }
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
        if let textOption = options.last(where: { !$0.textParts.isEmpty }) { textParts += textOption.textParts }
        if let htmlOption = options.last(where: { !$0.htmlParts.isEmpty }) { htmlParts += htmlOption.htmlParts }
        for option in options {
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
            if name == nil, let subject = nested.headers.first("Subject")?.decodedValue, !subject.isEmpty {
                name = subject + ".eml"
            }
            attachments.append(MailAttachment(
                filename: name, contentType: part.mimeType, contentID: part.contentID,
                isInline: part.disposition?.value == "inline", data: raw, charset: part.charset))
        case .single(let bytes):
            let inline = part.disposition.map { $0.value == "inline" } ?? (part.contentID != nil)
            attachments.append(MailAttachment(
                filename: part.filename, contentType: part.mimeType, contentID: part.contentID,
                isInline: inline, data: bytes, charset: part.charset))
        }
    }
}
