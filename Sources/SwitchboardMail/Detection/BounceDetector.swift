/// Whether a message reports failed or delayed delivery, and the details of the first failure.
public struct BounceInfo: Sendable, Hashable, Codable {
    /// True for a failed or delayed delivery report (not for success DSNs or abuse reports).
    public var isBounce: Bool
    /// The failed recipient, or nil when none could be found.
    public var recipient: String?
    /// The RFC 3463 enhanced status code (`5.1.1`). When the report carries none, a coarse code
    /// derived from the SMTP reply code or the wording (`5.0.0` permanent, `4.0.0` temporary).
    public var status: String?
    /// The DSN action (`failed`, `delayed`), or the one implied by the status class.
    public var action: String?
    /// The diagnostic text (the remote server's reply), or nil.
    public var diagnostic: String?

    /// Creates a classification.
    public init(isBounce: Bool, recipient: String? = nil, status: String? = nil, action: String? = nil,
                diagnostic: String? = nil) {
        self.isBounce = isBounce
        self.recipient = recipient
        self.status = status
        self.action = action
        self.diagnostic = diagnostic
    }

    /// Not a bounce.
    public static let none = BounceInfo(isBounce: false)

    enum CodingKeys: String, CodingKey {
        case isBounce = "is_bounce"
        case recipient, status, action, diagnostic
    }

    /// Encodes every key, writing `null` for missing values so the JSON shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isBounce, forKey: .isBounce)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(status, forKey: .status)
        try container.encode(action, forKey: .action)
        try container.encode(diagnostic, forKey: .diagnostic)
    }
}

/// Detects bounces: first from RFC 3464 structure (a message/delivery-status part), then from the
/// wording and layout that non-standard MTAs (qmail, Exim, Sendmail, Postfix, Exchange, Domino,
/// Gmail, Yahoo, …) use in their plain-text reports.
public enum BounceDetector {
    /// Classifies a message.
    public static func detect(root: MIMEPart, headers: MailHeaders, subject: String?, text: String) -> BounceInfo {
        if let report = findPart(root, types: ["message/feedback-report"]), report.content != nil {
            return .none // an ARF abuse report, not a delivery failure
        }
        let reportText = humanReadableText(root, fallback: text)
        if let dsnPart = findPart(root, types: ["message/delivery-status", "message/global-delivery-status"]),
           let content = dsnPart.content {
            let fields = DeliveryStatusReport(bytes: content)
            if let info = fields.bounceInfo(reportText: reportText) { return info }
        }
        return NonStandardBounce.detect(headers: headers, subject: subject ?? "", text: reportText)
    }

    /// The text of the report, without attached original messages.
    static func humanReadableText(_ root: MIMEPart, fallback: String) -> String {
        var pieces: [String] = []
        func walk(_ part: MIMEPart) {
            switch part.body {
            case .multipart(let children):
                // An HTML alternative says what its plain-text sibling says: only the plain text is read.
                if part.mimeType == "multipart/alternative", children.contains(where: { $0.mimeType == "text/plain" }) {
                    children.filter { $0.mimeType != "text/html" }.forEach(walk)
                } else {
                    children.forEach(walk)
                }
            case .message:
                break
            case .single:
                let type = part.mimeType
                if type == "text/plain" || type == "text/html" || type == "message/delivery-status",
                   case .single(let bytes) = part.body {
                    // Report wording is at the top: only a bounded prefix of each part is read.
                    var bounded = part
                    bounded.body = .single(Array(bytes.prefix(PhraseSearch.window)))
                    if let text = bounded.text {
                        pieces.append(type == "text/html" ? HTMLText.plainText(from: text) : text)
                    }
                }
            }
        }
        walk(root)
        return pieces.isEmpty ? fallback : pieces.joined(separator: "\n")
    }

    static func findPart(_ part: MIMEPart, types: Set<String>) -> MIMEPart? {
        if types.contains(part.mimeType) { return part }
        switch part.body {
        case .multipart(let children):
            for child in children { if let found = findPart(child, types: types) { return found } }
            return nil
        case .message(let nested, _):
            // A DSN forwarded inside another message still counts, but only at the top of it.
            return types.contains(nested.mimeType) ? nested : nil
        case .single:
            return nil
        }
    }

    // MARK: - Status helpers shared by the detectors

    /// The first RFC 3463 code (`4.2.2`, `5.1.10`) in `text`, or nil.
    static func enhancedStatus(in text: Substring) -> String? {
        let chars = Array(text.utf8)
        var index = 0
        while index + 4 < chars.count {
            let byte = chars[index]
            if (byte == UInt8(ascii: "2") || byte == UInt8(ascii: "4") || byte == UInt8(ascii: "5")),
               chars[index + 1] == UInt8(ascii: "."),
               index == 0 || !isCodeNeighbour(chars[index - 1]) {
                var cursor = index + 2
                let firstStart = cursor
                while cursor < chars.count && isDigit(chars[cursor]) && cursor - firstStart < 3 { cursor += 1 }
                if cursor > firstStart, cursor < chars.count, chars[cursor] == UInt8(ascii: ".") {
                    cursor += 1
                    let secondStart = cursor
                    while cursor < chars.count && isDigit(chars[cursor]) && cursor - secondStart < 3 { cursor += 1 }
                    if cursor > secondStart, cursor >= chars.count || !isCodeNeighbour(chars[cursor])
                        || (chars[cursor] == UInt8(ascii: ".") && (cursor + 1 >= chars.count || !isDigit(chars[cursor + 1]))) {
                        return String(decoding: chars[index..<cursor], as: UTF8.self)
                    }
                }
            }
            index += 1
        }
        return nil
    }

    /// The first SMTP reply code (`550`, `452`) in `text` that stands as its own word, or nil.
    static func replyCode(in text: Substring) -> String? {
        let chars = Array(text.utf8)
        var index = 0
        while index + 2 < chars.count {
            if (chars[index] == UInt8(ascii: "4") || chars[index] == UInt8(ascii: "5")),
               isDigit(chars[index + 1]), isDigit(chars[index + 2]),
               chars[index + 1] <= UInt8(ascii: "5"),
               index == 0 || !isReplyCodeNeighbour(chars[index - 1]),
               index + 3 >= chars.count || chars[index + 3] == 0x20 || chars[index + 3] == UInt8(ascii: "-")
                || chars[index + 3] == UInt8(ascii: ",") || chars[index + 3] == UInt8(ascii: ")")
                || chars[index + 3] == 0x0A {
                return String(decoding: chars[index..<(index + 3)], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isCodeNeighbour(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: "/") || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    private static func isReplyCodeNeighbour(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
            || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// A coarse status from an SMTP reply code: 4xx → 4.0.0, 5xx → 5.0.0.
    static func status(fromReplyCode code: String) -> String? {
        switch code.first {
        case "4": return "4.0.0"
        case "5": return "5.0.0"
        default: return nil
        }
    }
}
