import ArgumentParser
import Foundation
import SwitchboardMail

/// `switchboard mail …`: email tools. Add a subcommand by listing it in `subcommands`.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Email tools: parse messages, sanitise HTML.",
        subcommands: [MailParseCommand.self, MailSanitizeCommand.self, MailDeliverCommand.self]
    )
}

/// `switchboard mail parse FILE [--json]`: parses one raw message (RFC 5322 / MIME) and prints a
/// summary, or the stable JSON shape with `--json`. `-` reads standard input. Exits 66 (EX_NOINPUT)
/// when the file cannot be read and 65 (EX_DATAERR) when the message cannot be parsed.
struct MailParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a raw email message and print what it contains."
    )

    @Argument(help: "The message file (raw RFC 5322 bytes), or - for standard input.")
    var file: String

    @Flag(name: .long, help: "Print the message as JSON (HTML body sanitised).")
    var json = false

    func run() throws {
        let bytes: [UInt8]
        if file == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read \(file)\n".utf8))
                throw ExitCode(66)
            }
            bytes = [UInt8](data)
        }
        let mail: ParsedMail
        do {
            mail = try MailParser().parse(bytes)
        } catch let error as MailParseError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(65)
        }
        if json {
            var data = try mail.jsonData()
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        } else {
            FileHandle.standardOutput.write(Data(Self.summary(mail).utf8))
        }
    }

    /// A human-readable summary of a parsed message.
    static func summary(_ mail: ParsedMail) -> String {
        func list(_ addresses: [MailAddress]) -> String {
            addresses.map { address in
                address.name.map { "\($0) <\(address.address)>" } ?? address.address
            }.joined(separator: ", ")
        }
        var lines: [String] = []
        lines.append("From:        " + (mail.from.map { list([$0]) } ?? "-"))
        if !mail.to.isEmpty { lines.append("To:          " + list(mail.to)) }
        if !mail.cc.isEmpty { lines.append("Cc:          " + list(mail.cc)) }
        if !mail.replyTo.isEmpty { lines.append("Reply-To:    " + list(mail.replyTo)) }
        lines.append("Subject:     " + (mail.subject ?? "-"))
        lines.append("Date:        " + (mail.date.map { ISO8601DateFormatter().string(from: $0) } ?? "-"))
        lines.append("Message-ID:  " + (mail.messageID ?? "-"))
        if !mail.inReplyTo.isEmpty { lines.append("In-Reply-To: " + mail.inReplyTo.joined(separator: " ")) }
        lines.append("Bodies:      text \(mail.text.map { "\($0.count) chars" } ?? "none"), "
            + "html \(mail.html.map { "\($0.count) chars" } ?? "none")")
        if mail.autoReply.isAuto { lines.append("Auto-reply:  " + (mail.autoReply.reason ?? "yes")) }
        if mail.bounce.isBounce {
            lines.append("Bounce:      \(mail.bounce.status ?? "?") \(mail.bounce.action ?? "") "
                + (mail.bounce.recipient ?? ""))
        }
        if !mail.limitsHit.isEmpty {
            lines.append("Truncated:   " + mail.limitsHit.map(\.rawValue).sorted().joined(separator: ", "))
        }
        for attachment in mail.attachments {
            lines.append("Attachment:  \(attachment.filename ?? "(unnamed)") \(attachment.contentType) "
                + "\(attachment.size) bytes" + (attachment.isInline ? " inline" : "")
                + (attachment.contentID.map { " cid:\($0)" } ?? ""))
        }
        if let text = mail.text, !text.isEmpty {
            lines.append("")
            lines.append(text.count > 2_000 ? String(text.prefix(2_000)) + "\n[…]" : text)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
