/// The fields of a message/delivery-status body (RFC 3464 §2): one per-message block followed by
/// per-recipient blocks, each written like a header block.
struct DeliveryStatusReport {
    typealias Block = [String: String]
    var blocks: [Block] = []

    init(bytes: [UInt8]) {
        var current: Block = [:]
        var lastKey: String?
        for line in ByteLines.split(bytes) {
            let text = CharsetDecoder.fallback(Array(line)).text
            if text.trimmingASCIIWhitespace().isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = [:]
                lastKey = nil
                continue
            }
            if let first = text.first, first == " " || first == "\t", let key = lastKey {
                current[key, default: ""] += " " + text.trimmingASCIIWhitespace()
                continue
            }
            guard let colon = text.firstIndex(of: ":") else { continue }
            let key = text[..<colon].trimmingASCIIWhitespace().lowercased()
            let value = text[text.index(after: colon)...].trimmingASCIIWhitespace()
            if current[key] == nil { current[key] = value }
            lastKey = key
        }
        if !current.isEmpty { blocks.append(current) }
        if blocks.count > 1000 { blocks = Array(blocks.prefix(1000)) }
    }

    /// Per-recipient blocks: those naming a recipient, an action or a status.
    var recipientBlocks: [Block] {
        blocks.filter { $0["final-recipient"] != nil || $0["original-recipient"] != nil || $0["action"] != nil
            || $0["status"] != nil }
    }

    /// The bounce classification, or nil when the report names no recipient at all.
    func bounceInfo(reportText: String) -> BounceInfo? {
        let recipients = recipientBlocks
        guard !recipients.isEmpty else { return nil }
        struct Candidate { var block: Block; var status: String?; var action: String? }
        let candidates = recipients.map { block -> Candidate in
            let diagnostic = block["diagnostic-code"].map(Self.stripType) ?? ""
            var status = block["status"].flatMap { BounceDetector.enhancedStatus(in: Substring($0)) }
            let action = block["action"]?.lowercased().trimmingASCIIWhitespace()
            let detailed = BounceDetector.enhancedStatus(in: Substring(diagnostic))
            if let current = status, current.hasSuffix(".0.0"), let detailed, detailed.first == current.first {
                status = detailed
            }
            if status == nil { status = detailed }
            if status == nil, let code = BounceDetector.replyCode(in: Substring(diagnostic)) {
                status = BounceDetector.status(fromReplyCode: code)
            }
            if status == nil, let action {
                if action.hasPrefix("fail") { status = "5.0.0" }
                if action.hasPrefix("delay") { status = "4.0.0" }
                if action.hasPrefix("deliver") || action.hasPrefix("relay") || action.hasPrefix("expand") {
                    status = "2.0.0"
                }
            }
            return Candidate(block: block, status: status, action: action)
        }
        let failed = candidates.first { candidate in
            if let action = candidate.action, action.hasPrefix("fail") || action.hasPrefix("delay") { return true }
            if let action = candidate.action, action.hasPrefix("deliver") || action.hasPrefix("relay")
                || action.hasPrefix("expand") { return false }
            if let status = candidate.status { return status.hasPrefix("4") || status.hasPrefix("5") }
            return false
        }
        guard let chosen = failed else {
            let allSuccess = candidates.allSatisfy { ($0.status?.hasPrefix("2") ?? false) || $0.action != nil }
            return allSuccess ? BounceInfo.none : nil
        }
        var status = chosen.status
        if status == nil {
            status = BounceDetector.enhancedStatus(in: Substring(reportText))
                ?? BounceDetector.replyCode(in: Substring(reportText)).flatMap(BounceDetector.status(fromReplyCode:))
                ?? "5.0.0"
        }
        let action = chosen.action ?? (status?.hasPrefix("4") == true ? "delayed" : "failed")
        let recipient = (chosen.block["final-recipient"] ?? chosen.block["original-recipient"]).map(Self.stripType)
        let diagnostic = chosen.block["diagnostic-code"].map(Self.stripType)
        return BounceInfo(isBounce: true, recipient: recipient.flatMap(Self.cleanAddress), status: status,
                          action: action, diagnostic: diagnostic)
    }

    /// `rfc822; user@example.com` → `user@example.com`.
    static func stripType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingASCIIWhitespace() }
        return value[value.index(after: semicolon)...].trimmingASCIIWhitespace()
    }

    static func cleanAddress(_ value: String) -> String? {
        var address = value.trimmingASCIIWhitespace()
        if let open = address.firstIndex(of: "<"), let close = address.lastIndex(of: ">"), open < close {
            address = String(address[address.index(after: open)..<close])
        }
        return address.isEmpty ? nil : address
    }
}
