import Foundation
import SwitchboardMail
import Testing

/// Messages whose MIME framing is broken: cut off before a close delimiter, with ambiguous delimiter lines, or
/// a multipart without any of its delimiters (``MIMEPart/isUnterminated``, ``MIMEPart/hasUncertainPlace``).
@Suite struct MIMEBrokenFramingTests {
    func parse(_ text: String) throws -> ParsedMail { try MailParser().parse(Array(text.utf8)) }

    /// The leaves of `part`, in order.
    func leaves(_ part: MIMEPart) -> [MIMEPart] {
        part.children.isEmpty ? [part] : part.children.flatMap(leaves)
    }

    @Test func aPartOnlyCutOffByTheEndOfInputKeepsItsRole() throws {
        // The close delimiter never came, but every delimiter was unambiguous: the last part is the text.
        let truncated = try parse("""
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: application/pdf; name="a.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0=
            --b

            Dear customer, your fax arrived.
            """)
        #expect(truncated.attachments.map(\.contentType) == ["application/pdf"])
        #expect(truncated.text == "Dear customer, your fax arrived.")
        let last = try #require(leaves(truncated.root).last)
        #expect(last.isUnterminated)
        #expect(!last.hasUncertainPlace)
        // Nested: the only text part of a multipart/alternative inside a multipart/mixed, cut off.
        let nested = try parse("""
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe
            """)
        #expect(nested.text == "Grüße")
        #expect(nested.attachments.isEmpty)
        // A cut-off HTML alternative is still the HTML alternative.
        let cutHTML = try parse("""
            Content-Type: multipart/alternative; boundary="a"

            --a
            Content-Type: text/plain

            plain
            --a
            Content-Type: text/html

            <p>cut
            """)
        #expect(cutHTML.text == "plain")
        #expect(cutHTML.html == "<p>cut")
        #expect(cutHTML.attachments.isEmpty)
    }

    @Test func aCutOffPartAfterAmbiguousDelimitersIsAnAttachmentThatStillGivesTheText() throws {
        let reusedBoundary = """
            Content-Type: multipart/mixed; boundary="a"

            --a
            Content-Type: multipart/mixed; boundary="a"

            --a
            Content-Type: text/plain

            body

            """
        let prefixBoundary = reusedBoundary.replacingOccurrences(of: "boundary=\"a\"\n\n--a\nContent-Type: text",
                                                                 with: "boundary=\"ab\"\n\n--ab\nContent-Type: text")
        let junkAfterDelimiter = """
            Content-Type: multipart/mixed; boundary="x"

            --x
            Content-Type: multipart/mixed; boundary="a"

            --ac
            Content-Type: text/plain

            body

            """
        for source in [reusedBoundary, prefixBoundary, junkAfterDelimiter] {
            let mail = try parse(source)
            #expect(mail.attachments.map(\.contentType) == ["text/plain"], "\(source)")
            #expect(mail.text == "body\n", "\(source)")
            #expect(leaves(mail.root).last?.hasUncertainPlace == true, "\(source)")
        }
        // An ambiguous delimiter earlier in the multipart makes a later cut-off part uncertain too.
        let earlier = try parse("""
            Content-Type: multipart/mixed; boundary="ab"

            --ab
            Content-Type: multipart/mixed; boundary="a"

            --a
            Content-Type: text/plain

            first
            --ab
            Content-Type: text/html

            <p>second
            """)
        #expect(earlier.text == "first")
        #expect(earlier.html == nil)
        #expect(earlier.attachments.map(\.contentType) == ["text/html"])
        // Whitespace after a delimiter is transport padding, not ambiguity.
        let padded = try parse("Content-Type: multipart/mixed; boundary=b\n\n--b  \n\nhello\n")
        #expect(padded.attachments.isEmpty)
        #expect(padded.text == "hello\n")
    }

    @Test func aMultipartWithoutDelimitersIsAnAttachmentUnlessItIsQuotedPrintable() throws {
        // 7bit: the body may be the preamble of a multipart whose parts were lost; kept aside, still shown.
        let plain = try parse("Content-Type: multipart/mixed; boundary=\"ab\"\n\nbody\n")
        #expect(plain.text == "body\n")
        #expect(plain.attachments.count == 1)
        #expect(plain.root.hasUncertainPlace)
        // Quoted-printable, which a multipart cannot have and which encodes text: one text part.
        let quoted = try parse("""
            Content-Type: multipart/mixed; boundary="ab"
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=BC=C3=9Fe

            """)
        #expect(quoted.text == "Grüße\n")
        #expect(quoted.attachments.isEmpty)
        #expect(quoted.root.isUnterminated)
        #expect(!quoted.root.hasUncertainPlace)
        let base64 = try parse("""
            Content-Type: multipart/mixed; boundary="ab"
            Content-Transfer-Encoding: base64

            aGVsbG8=
            """)
        // Base64 may hold any file: it stays an attachment (that still gives the text).
        #expect(base64.text == "hello")
        #expect(base64.attachments.count == 1)
    }

    @Test func completeMessagesAreUnaffected() throws {
        let complete = try parse("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b--\n")
        #expect(complete.text == "hello")
        #expect(complete.attachments.isEmpty)
        #expect(leaves(complete.root).allSatisfy { !$0.isUnterminated && !$0.hasUncertainPlace })
        // A missing inner close delimiter followed by the outer one is not a cut-off.
        let innerOpen = try parse("""
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain

            text
            --outer--
            """)
        #expect(innerOpen.text == "text")
        #expect(innerOpen.attachments.isEmpty)
    }
}
