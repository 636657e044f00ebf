import Foundation
@testable import SwitchboardMail
import Testing

/// Attachment file names are made distinct within one message (``AttachmentNames``).
@Suite struct AttachmentNamesTests {
    @Test func theCounterGoesBeforeTheFirstDot() {
        #expect(AttachmentNames.numbered("report.pdf", 1) == "report1.pdf")
        #expect(AttachmentNames.numbered("archive.tar.gz", 2) == "archive2.tar.gz")
        #expect(AttachmentNames.numbered("Screen Shot 2018-12-17 at 09.00.38.png", 1)
            == "Screen Shot 2018-12-17 at 091.00.38.png")
        #expect(AttachmentNames.numbered("README", 1) == "README1")
        #expect(AttachmentNames.numbered(".profile", 1) == ".profile1")
        #expect(AttachmentNames.numbered(".config.bak", 3) == ".config3.bak")
        #expect(AttachmentNames.numbered("", 1) == "1")
    }

    @Test func repeatedNamesAreNumberedFromOne() {
        #expect(AttachmentNames.distinct(["report.pdf", "report.pdf", "report.pdf"])
            == ["report.pdf", "report1.pdf", "report2.pdf"])
        #expect(AttachmentNames.distinct(["a.tar.gz", "b.txt", "a.tar.gz"]) == ["a.tar.gz", "b.txt", "a1.tar.gz"])
        #expect(AttachmentNames.distinct(["README", "README"]) == ["README", "README1"])
        // Distinct names and unnamed attachments are left alone.
        #expect(AttachmentNames.distinct(["a.pdf", nil, "b.pdf", nil]) == ["a.pdf", nil, "b.pdf", nil])
        #expect(AttachmentNames.distinct([]) == [])
    }

    @Test func aGeneratedNameNeverTakesANameThatWasSent() {
        // `a1.pdf` was sent as the third attachment: the repeated `a.pdf` skips to `a2.pdf`.
        #expect(AttachmentNames.distinct(["a.pdf", "a.pdf", "a1.pdf"]) == ["a.pdf", "a2.pdf", "a1.pdf"])
        #expect(AttachmentNames.distinct(["a1.pdf", "a.pdf", "a.pdf", "a1.pdf"])
            == ["a1.pdf", "a.pdf", "a2.pdf", "a11.pdf"])
        // A counter appended to a name can produce another sent name: `x1` + `1` = `x11`.
        #expect(AttachmentNames.distinct(["x1", "x11", "x1"]) == ["x1", "x11", "x12"])
    }

    @Test func namesDifferingOnlyInCaseCountAsTheSame() {
        #expect(AttachmentNames.distinct(["Report.PDF", "report.pdf"]) == ["Report.PDF", "report1.pdf"])
        // Unicode normalisation does not matter either: precomposed and decomposed "é".
        #expect(AttachmentNames.distinct(["r\u{E9}sum\u{E9}.pdf", "re\u{301}sume\u{301}.pdf"])
            == ["r\u{E9}sum\u{E9}.pdf", "re\u{301}sume\u{301}1.pdf"])
    }

    @Test func manyCopiesOfOneNameAllGetDistinctNames() {
        let names = AttachmentNames.distinct(Array(repeating: "scan.jpg", count: 1_000))
        #expect(Set(names.compactMap { $0?.lowercased() }).count == 1_000)
        #expect(names.last == "scan999.jpg")
    }

    @Test func parsedMessagesGetDistinctNamesWhileThePartsKeepTheSentOnes() throws {
        func part(_ name: String) -> String {
            "--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"\(name)\"\n"
                + "Content-Transfer-Encoding: base64\n\nJVBERi0=\n"
        }
        let source = "Content-Type: multipart/mixed; boundary=m\n\n--m\n\nSee attached.\n"
            + part("report.pdf") + part("report.pdf") + part("report1.pdf") + "--m--\n"
        let mail = try MailParser().parse(Array(source.utf8))
        #expect(mail.text == "See attached.")
        #expect(mail.attachments.map(\.filename) == ["report.pdf", "report2.pdf", "report1.pdf"])
        #expect(mail.root.children.compactMap(\.filename) == ["report.pdf", "report.pdf", "report1.pdf"])
    }
}
