import Foundation
import SwitchboardCore

/// Mail over the size limit found by IMAP polling, where no SMTP session exists to refuse it with a 552: only
/// its header section is fetched, and a stand-in made of that header and a short text is stored in its place,
/// so the agents see who wrote and about what, and the sender is told politely that the mail did not arrive.
enum TooLargeMail {
    /// Most bytes of the original header kept (cut at a line end); the rest is dropped.
    static let maxHeaderBytes = 256 * 1024

    /// The original header without its MIME fields (any folded lines with them), then a plain UTF-8 body
    /// saying what happened.
    static func standIn(header: [UInt8], size: Int, limit: Int) -> [UInt8] {
        var kept: [UInt8] = []
        var dropping = false
        for line in lines(of: header.prefix(maxHeaderBytes)) {
            let isContinuation = line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")
            if !isContinuation { dropping = isMIMEField(line) }
            let content = line.filter { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
            if dropping || content.isEmpty { continue }
            kept += content + [13, 10]
        }
        kept += Array("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n".utf8)
        kept += Array("Content-Transfer-Encoding: 8bit\r\n\r\n".utf8)
        kept += Array(agentText(size: size, limit: limit).utf8) + [13, 10]
        return kept
    }

    /// The text stored on the ticket in place of the mail.
    static func agentText(size: Int, limit: Int) -> String {
        "[This email was \(megabytes(size)), over this inbox's limit of \(megabytes(limit)), so its content was "
            + "not imported. It is still in the mailbox. The sender was sent a notice unless they are an automatic "
            + "sender or already got several notices this hour.]"
    }

    /// The notice to the sender.
    static func senderNotice(ticket: Ticket, requesterName: String?, size: Int, limit: Int, inboxName: String) -> String {
        let name = requesterName?.trimmingCharacters(in: .whitespaces) ?? ""
        let greeting = name.isEmpty ? "Hello," : "Hello \(name),"
        return """
            \(greeting)

            your email "\(ticket.subject)" was \(megabytes(size)), which is more than the \(megabytes(limit)) \
            we can receive, so we could not read it.

            Please send it again without the large attachments, or with a link to them instead. Keep the \
            reference [#\(ticket.number)] in the subject so that it reaches the same request.

            \(inboxName)
            (This is an automatic message.)
            """
    }

    /// "31.4 MB" (decimal megabytes, one decimal), or "12 KB" below a megabyte.
    static func megabytes(_ bytes: Int) -> String {
        if bytes < 1_000_000 { return "\(max(1, (bytes + 500) / 1000)) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    private static func isMIMEField(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces).lowercased()
        return name.hasPrefix("content-") || name == "mime-version"
    }

    /// Lines including their terminator (LF, CRLF or a lone CR is kept inside the line).
    private static func lines(of bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            result.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.endIndex { result.append(bytes[start...]) }
        return result
    }
}
