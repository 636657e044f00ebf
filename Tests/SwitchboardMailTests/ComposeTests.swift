import Foundation
import Testing
@testable import SwitchboardMail

@Suite("Composing outbound mail")
struct ComposeTests {
    static func sample(attachments: [OutgoingAttachment] = [], automatic: Bool = false) -> OutgoingMail {
        OutgoingMail(
            from: MailAddress(address: "support@example.com", name: "Support Team"),
            to: [MailAddress(address: "jose@customer.example", name: "José Müller")],
            replyTo: MailAddress(address: "support+t7-abc@example.com", name: "Support Team"),
            subject: "Re: Ärger mit der Rechnung – bitte prüfen [#7]", messageID: "sb.7.abc@example.com",
            inReplyTo: "m1@customer.example", references: ["m0@customer.example", "m1@customer.example"],
            date: Date(timeIntervalSince1970: 1_800_000_000),
            text: "Hallo José,\n\nwir kümmern uns darum.\n.\nEine sehr lange Zeile "
                + String(repeating: "ä", count: 600),
            html: "<p>Hallo Jos&eacute;</p>", attachments: attachments, isAutomatic: automatic)
    }

    @Test func composedMailParsesBackToTheSameFields() throws {
        let pdf = OutgoingAttachment(filename: "Rechnung März.pdf", contentType: "application/pdf",
                                     data: Array("%PDF-1.4 test".utf8))
        let image = OutgoingAttachment(filename: "logo.png", contentType: "image/png", contentID: "logo@x",
                                       isInline: true, data: [0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255])
        let bytes = MailComposer.compose(Self.sample(attachments: [pdf, image]))
        let parsed = try MailParser().parse(bytes)
        #expect(parsed.subject == "Re: Ärger mit der Rechnung – bitte prüfen [#7]")
        #expect(parsed.from == MailAddress(address: "support@example.com", name: "Support Team"))
        #expect(parsed.to == [MailAddress(address: "jose@customer.example", name: "José Müller")])
        #expect(parsed.replyTo.first?.address == "support+t7-abc@example.com")
        #expect(parsed.messageID == "sb.7.abc@example.com")
        #expect(parsed.inReplyTo == ["m1@customer.example"])
        #expect(parsed.references == ["m0@customer.example", "m1@customer.example"])
        #expect(parsed.text?.contains("wir kümmern uns darum.\n.\n") == true)
        #expect(parsed.text?.contains(String(repeating: "ä", count: 600)) == true)
        #expect(parsed.html?.contains("Hallo Jos&eacute;") == true)
        #expect(parsed.attachments.count == 2)
        #expect(parsed.attachments[0].filename == "Rechnung März.pdf")
        #expect(parsed.attachments[0].data == pdf.data)
        #expect(parsed.attachments[1].contentID == "logo@x")
        #expect(parsed.attachments[1].data == image.data)
        #expect(!parsed.autoReply.isAuto)
    }

    @Test func everyLineIsShortAndCRLFTerminated() {
        let bytes = MailComposer.compose(Self.sample(attachments: [
            OutgoingAttachment(filename: "big.bin", contentType: "application/octet-stream",
                               data: (0..<5000).map { UInt8($0 % 256) }),
        ]))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let lines = text.components(separatedBy: "\r\n")
        let longest = lines.map(\.utf8.count).max() ?? 0
        #expect(longest <= 998)
        #expect(longest <= 78, "\(lines.filter { $0.utf8.count > 78 })")
        #expect(text.contains("multipart/alternative"))
        #expect(text.contains("multipart/mixed"))
        #expect(text.contains("filename=\"big.bin\""))
    }

    @Test func automaticMailIsMarked() throws {
        let bytes = MailComposer.compose(Self.sample(automatic: true))
        let parsed = try MailParser().parse(bytes)
        #expect(parsed.headers["Auto-Submitted"] == "auto-replied")
        #expect(parsed.autoReply.isAuto)
    }

    @Test func plainAsciiTextStays7Bit() throws {
        var mail = Self.sample()
        mail.text = "Hello\nWorld"
        mail.html = nil
        mail.subject = "Plain subject"
        let text = String(decoding: MailComposer.compose(mail), as: UTF8.self)
        #expect(text.contains("Content-Transfer-Encoding: 7bit\r\n\r\nHello\r\nWorld\r\n"))
        #expect(text.contains("Subject: Plain subject\r\n"))
        #expect(!text.contains("multipart"))
    }

    @Test func headerInjectionIsNeutralised() throws {
        var mail = Self.sample()
        mail.subject = "Hi\r\nBcc: victim@example.com"
        let parsed = try MailParser().parse(MailComposer.compose(mail))
        #expect(parsed.headers["Bcc"] == nil)
        #expect(parsed.subject?.contains("Bcc") == true)
    }
}
