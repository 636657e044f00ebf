/// Finds the Message-IDs of the mail a bounce (delivery status notification) reports on, so the bounce can be
/// linked to the ticket and the outbound message that failed.
public enum BounceOrigin {
    /// Candidate Message-IDs (without `<>`), most specific first: the returned message's own Message-ID
    /// (`message/rfc822` or `text/rfc822-headers` part), then the bounce's In-Reply-To and References (newest
    /// first). Empty when the bounce names none.
    public static func originalMessageIDs(of mail: ParsedMail) -> [String] {
        var ids: [String] = []
        func add(_ id: String?) {
            guard let id, !id.isEmpty, !ids.contains(id) else { return }
            ids.append(id)
        }
        for attached in mail.attachedMessages { add(attached.messageID) }
        if let headersPart = BounceDetector.findPart(mail.root, types: ["text/rfc822-headers"]),
            let content = headersPart.content, !content.isEmpty,
            let returned = try? MailParser(limits: MailParserLimits(maxMessageSize: 1 << 20)).parse(content)
        {
            add(returned.messageID)
        }
        for id in mail.inReplyTo { add(id) }
        for id in mail.references.reversed() { add(id) }
        return ids
    }
}
