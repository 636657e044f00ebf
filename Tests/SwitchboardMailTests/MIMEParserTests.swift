import Foundation
@testable import SwitchboardMail
import Testing

@Suite struct MIMEParserTests {
    func parse(_ text: String) throws -> ParsedMail { try MailParser().parse(Array(text.utf8)) }

    @Test func headersAreUnfoldedCaseInsensitiveAndKeptInOrder() throws {
        let mail = try parse("From ann@x Tue Jul  1 10:52:37 2003\nsubject: a\n  b\nReceived: one\nRECEIVED: two\n\nbody")
        #expect(mail.subject == "a  b")
        #expect(mail.headers.all("received").map(\.value) == ["one", "two"])
        #expect(mail.headers["Subject"] == "a  b")
    }

    @Test func lineEndingsMayBeMixed() throws {
        let mail = try MailParser().parse(Array("Subject: cr\rTo: a@b.c\r\nFrom: d@e.f\n\nbody\r\n".utf8))
        #expect(mail.subject == "cr")
        #expect(mail.to.map(\.address) == ["a@b.c"])
        #expect(mail.from?.address == "d@e.f")
        #expect(mail.text == "body\n")
    }

    @Test func addressesMessageIDsAndDatesAreParsed() throws {
        let mail = try parse("""
            From: "Doe, Jane" <jane@example.com>
            To: Friends: a@x.test, "B" <b@y.test>;, c@z.test (See)
            Cc: =?utf-8?q?J=C3=B6rg?= <j@example.de>
            Reply-To: <replies@example.com>
            Message-ID: <id-1@example.com>
            In-Reply-To: <p@example.com>
            References: <r1@example.com>
             <p@example.com>
            Date: Thu, 10 Jul 1997 14:53:31 EST

            x
            """)
        #expect(mail.from == MailAddress(address: "jane@example.com", name: "Doe, Jane"))
        #expect(mail.to.map(\.address) == ["a@x.test", "b@y.test", "c@z.test"])
        #expect(mail.to.last?.name == "See")
        #expect(mail.cc.first?.name == "Jörg")
        #expect(mail.replyTo.map(\.address) == ["replies@example.com"])
        #expect(mail.messageID == "id-1@example.com")
        #expect(mail.inReplyTo == ["p@example.com"])
        #expect(mail.references == ["r1@example.com", "p@example.com"])
        #expect(mail.date == Date(timeIntervalSince1970: 868_564_411))
    }

    @Test func brokenAddressFormsStillYieldAnAddress() {
        #expect(AddressParser.parse("John Doe john@example.com").first == MailAddress(address: "john@example.com", name: "John Doe"))
        #expect(AddressParser.parse("Name (user@example.com)").first?.address == "user@example.com")
        #expect(AddressParser.parse("\"power quadrant\" <power quadrant@example.com>").first?.address
            == "powerquadrant@example.com")
        #expect(AddressParser.parse("a@x.test; b@y.test").map(\.address) == ["a@x.test", "b@y.test"])
        #expect(AddressParser.parse("<@a.test,@b.test:user@c.test>").first?.address == "user@c.test")
    }

    @Test func datesInObsoleteAndBrokenForms() {
        func iso(_ text: String) -> String? { DateParser.parse(text).map { ISO8601DateFormatter().string(from: $0) } }
        #expect(iso("21 Nov 97 09:55:06 GMT") == "1997-11-21T09:55:06Z")
        #expect(iso("Wed, 27 Jun 99 04:11 +0900") == "1999-06-26T19:11:00Z")
        #expect(iso("Mon, 1 Jan 2024 10:00:00 +0000 (UTC)") == "2024-01-01T10:00:00Z")
        #expect(iso("2024-03-04T05:06:07Z") == "2024-03-04T05:06:07Z")
        #expect(iso("1 jan 2021 09:55:06 PDT") == "2021-01-01T16:55:06Z")
        #expect(iso("not a date") == nil)
        #expect(iso("Tue, 7 Bog 2026 19:14:51 +0000") == nil)
    }

    @Test func alternativeRelatedAndAttachmentsAreSeparated() throws {
        let mail = try parse("""
            Content-Type: multipart/mixed; boundary="m"

            preamble
            --m
            Content-Type: multipart/alternative; boundary="a"

            --a
            Content-Type: text/plain; charset=utf-8

            plain
            --a
            Content-Type: multipart/related; boundary="r"

            --r
            Content-Type: text/html; charset=utf-8

            <p>html <img src="cid:logo@x"></p>
            --r
            Content-Type: image/png
            Content-ID: <logo@x>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --r--
            --a--
            --m
            Content-Type: application/pdf; name="=?utf-8?q?R=C3=A9sum=C3=A9?=.pdf"
            Content-Disposition: attachment
            Content-Transfer-Encoding: base64

            JVBERi0=
            --m
            Content-Type: message/rfc822

            Subject: Forwarded one
            From: f@example.com

            inner text
            --m--
            epilogue
            """)
        #expect(mail.text == "plain")
        #expect(mail.html == "<p>html <img src=\"cid:logo@x\"></p>")
        #expect(mail.attachments.map(\.contentType) == ["image/png", "application/pdf", "message/rfc822"])
        #expect(mail.attachments[0].contentID == "logo@x")
        #expect(mail.attachments[0].isInline)
        #expect(mail.attachments[0].data == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(mail.attachments[1].filename == "Résumé.pdf")
        #expect(!mail.attachments[1].isInline)
        #expect(mail.attachments[2].filename == "Forwarded one.eml")
        #expect(mail.attachedMessages.first?.subject == "Forwarded one")
        #expect(mail.attachedMessages.first?.text == "inner text")
        #expect(mail.attachments[1].sha256 == Digest.sha256Hex(Array("%PDF-".utf8)))
    }

    @Test func htmlOnlyMailGetsDerivedText() throws {
        let mail = try parse("Content-Type: text/html\n\n<p>One &amp; two</p><p>Three</p>")
        #expect(mail.html != nil)
        #expect(mail.text == "One & two\n\nThree")
    }

    @Test func flowedPlainTextIsUnwrapped() throws {
        let mail = try parse("Content-Type: text/plain; format=flowed\n\nsoft \nbreak\n")
        #expect(mail.text == "soft break\n")
    }

    @Test func autoRepliesAreDetected() throws {
        #expect(try parse("Auto-Submitted: auto-replied\n\nx").autoReply.isAuto)
        #expect(try parse("Auto-Submitted: no\n\nx").autoReply.isAuto == false)
        #expect(try parse("Precedence: bulk\n\nx").autoReply.reason == "precedence: bulk")
        #expect(try parse("Subject: Automatic reply: hello\n\nx").autoReply.isAuto)
        #expect(try parse("X-Autoreply: yes\n\nx").autoReply.isAuto)
        #expect(try parse("List-Id: <l.example.com>\n\nx").autoReply.reason == "list")
        #expect(try parse("Subject: Question about my order\n\nx").autoReply.isAuto == false)
    }

    @Test func deliveryStatusReportsAreBounces() throws {
        let mail = try parse("""
            From: MAILER-DAEMON@example.net
            Content-Type: multipart/report; report-type=delivery-status; boundary="d"

            --d

            Delivery failed.
            --d
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; gone@example.com
            Action: failed
            Status: 5.0.0
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: user unknown
            --d--
            """)
        #expect(mail.bounce == BounceInfo(isBounce: true, recipient: "gone@example.com", status: "5.1.1",
                                          action: "failed", diagnostic: "550 5.1.1 <gone@example.com>: user unknown"))
        #expect(mail.autoReply.isAuto)
    }

    @Test func successNotificationsAreNotBounces() throws {
        let mail = try parse("""
            Content-Type: multipart/report; report-type=delivery-status; boundary="d"

            --d
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; ok@example.com
            Action: delivered
            Status: 2.0.0
            --d--
            """)
        #expect(mail.bounce.isBounce == false)
    }

    @Test func plainTextBouncesUseReplyCodesAndWording() throws {
        let qmail = try parse("""
            From: MAILER-DAEMON@mx.example
            Subject: failure notice

            Hi. This is the qmail-send program at mx.example.
            I'm afraid I wasn't able to deliver your message to the following addresses.

            <nobody@example.com>:
            452 mailbox full

            --- Below this line is a copy of the message.

            To: other@example.org
            """)
        #expect(qmail.bounce.isBounce)
        #expect(qmail.bounce.recipient == "nobody@example.com")
        #expect(qmail.bounce.status == "4.0.0")
        let ordinary = try parse("From: friend@example.com\nSubject: lunch?\n\nAre you free at noon?")
        #expect(ordinary.bounce.isBounce == false)
    }

    @Test func jsonHasTheStableSnakeCaseShape() throws {
        let mail = try parse("From: a@b.c\nSubject: s\nContent-Type: text/html\n\n<p onclick=\"x()\">hi</p>")
        let json = MailJSON(mail, sanitizeHTML: { _ in "<p>hi</p>" })
        let data = try JSONEncoder().encode(json)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["message_id", "in_reply_to", "references", "date", "from", "to", "cc",
                                     "reply_to", "subject", "text", "html", "attachments", "auto_reply", "bounce"])
        #expect(object["html"] as? String == "<p>hi</p>")
        let bounce = try #require(object["bounce"] as? [String: Any])
        #expect(Set(bounce.keys) == ["is_bounce", "recipient", "status", "action", "diagnostic"])
        let autoReply = try #require(object["auto_reply"] as? [String: Any])
        #expect(Set(autoReply.keys) == ["is_auto", "reason"])
    }

    @Test func sanitisedJSONUsesTheHTMLSanitizer() throws {
        let mail = try parse("Content-Type: text/html\n\n<p>hi</p><script>alert(1)</script>")
        let html = try #require(mail.json().html)
        #expect(!html.contains("<script"))
        #expect(html.contains("hi"))
    }

    @Test func plainTextWithInlineImagesGetsHTMLShowingThemInPlace() throws {
        let mail = try parse("""
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain; charset=us-ascii

            Look <here>:
            --m
            Content-Type: image/png; name="shot.png"
            Content-Disposition: inline; filename="shot.png"
            Content-ID: <shot@x>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --m
            Content-Type: text/plain; charset=us-ascii

            Thanks
            --m
            Content-Type: application/pdf; name="doc.pdf"
            Content-Disposition: inline; filename="doc.pdf"

            %PDF-
            --m--
            """)
        #expect(mail.text == "Look <here>:\nThanks")
        #expect(mail.html == "<div>Look &lt;here&gt;:</div>\n<div><img src=\"cid:shot@x\"></div>\n"
            + "<div>Thanks</div>\n")
        #expect(mail.attachments.map(\.filename) == ["shot.png", "doc.pdf"])
        // Without an inline image that has a Content-ID there is no HTML.
        let plain = try parse("""
            Content-Type: multipart/mixed; boundary="m"

            --m

            text
            --m
            Content-Type: image/png; name="a.png"
            Content-Disposition: attachment

            x
            --m--
            """)
        #expect(plain.html == nil)
    }

    @Test func raw8BitHeadersUseADeclaredDoubleByteCharsetThatFits() throws {
        // A spam report in ISO-8859-1 wrapping a GB2312 original whose Subject it copied as raw bytes.
        var bytes = Array("Subject: ".utf8) + [0xD7, 0xAA, 0xB7, 0xA2] // 转发 in GB2312
        bytes += Array("\nFrom: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n".utf8)
        bytes += Array("Content-Type: text/plain; charset=iso-8859-1\n\nreport\n--b\n".utf8)
        bytes += Array("Content-Type: message/rfc822\n\nSubject: x\n".utf8)
        bytes += Array("Content-Type: text/plain; charset=gb2312\n\nx\n".utf8)
        bytes += Array("--b--\n".utf8)
        #expect(try MailParser().parse(bytes).subject == "转发")
        // Latin-1 bytes (odd runs) stay Latin-1 even when a double-byte charset is declared too.
        var latin = Array("Subject: M".utf8) + [0xFC] + Array("ller\n".utf8)
        latin += Array("Content-Type: multipart/mixed; boundary=b\n\n--b\n".utf8)
        latin += Array("Content-Type: text/plain; charset=iso-8859-1\n\nx\n".utf8)
        latin += Array("--b\nContent-Type: text/plain; charset=gb2312\n\ny\n--b--\n".utf8)
        #expect(try MailParser().parse(latin).subject == "Müller")
    }

    @Test func aCloseDelimiterGluedToTheLastLineStillCloses() throws {
        let mail = try parse("Content-Type: multipart/mixed; boundary=\"1\"\n\n--1\n\nfirst\n--1\n\nlast--1--\n")
        #expect(mail.text == "first\nlast")
        #expect(mail.attachments.isEmpty)
    }
}
