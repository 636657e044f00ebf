/// Makes the file names of one message's attachments distinct, so that an agent who saves them all gets one
/// file per attachment.
///
/// The first attachment with a name keeps it. A later one whose name is already taken gets a counter before
/// the first dot of its name, as Zammad names them: `report.pdf` → `report1.pdf`, `archive.tar.gz` →
/// `archive1.tar.gz` (a compound extension stays whole), `Screen Shot at 09.00.38.png` →
/// `Screen Shot at 091.00.38.png`. A name without such a dot gets the counter at the end (`README` →
/// `README1`, `.profile` → `.profile1`). The counter starts at 1 and takes the smallest value whose name no
/// other attachment of the message has, whether sent with it or given earlier, so a renamed attachment never
/// takes the name another one was sent with: `a.pdf, a.pdf, a1.pdf` → `a.pdf, a2.pdf, a1.pdf`.
///
/// Names are compared ignoring case (and Unicode normalisation), because files that differ only in case
/// overwrite each other on the case-insensitive file systems of most agents' computers. Unnamed attachments
/// stay unnamed; the name a part was sent with stays on the part itself (``MIMEPart/filename``).
enum AttachmentNames {
    /// `attachments` with their file names made distinct (see ``AttachmentNames``).
    static func distinct(_ attachments: [MailAttachment]) -> [MailAttachment] {
        var result = attachments
        for (index, name) in distinct(attachments.map(\.filename)).enumerated() { result[index].filename = name }
        return result
    }

    /// `names` (nil for an unnamed attachment) made distinct, in the same order.
    static func distinct(_ names: [String?]) -> [String?] {
        // Every name sent is reserved up front, so that a generated name never takes one of them.
        var reserved = Set(names.compactMap { $0.map(key) })
        var assigned: Set<String> = []
        // The last counter tried for each name, so that many copies of one name cost linear time.
        var lastCounter: [String: Int] = [:]
        return names.map { name in
            guard let name else { return nil }
            let nameKey = key(name)
            if assigned.insert(nameKey).inserted { return name }
            var counter = lastCounter[nameKey] ?? 0
            var candidate: String
            repeat {
                counter += 1
                candidate = numbered(name, counter)
            } while reserved.contains(key(candidate))
            lastCounter[nameKey] = counter
            reserved.insert(key(candidate))
            assigned.insert(key(candidate))
            return candidate
        }
    }

    /// `name` with `counter` inserted before its first dot that has a character before it, or appended when
    /// there is no such dot.
    static func numbered(_ name: String, _ counter: Int) -> String {
        guard let dot = name.dropFirst().firstIndex(of: ".") else { return name + String(counter) }
        return String(name[..<dot]) + String(counter) + String(name[dot...])
    }

    /// The comparison key of a name: lower-cased (String equality already ignores Unicode normalisation).
    private static func key(_ name: String) -> String { name.lowercased() }
}
