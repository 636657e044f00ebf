import Foundation
@testable import SwitchboardMail
import Testing

/// Inputs built to make a parser slow, deep or huge. Each must finish (no time is asserted) and give
/// valid, possibly truncated, output or the documented error.
@Suite struct MIMEHostileInputTests {
    @Test func tenMegabyteSingleLineBodyIsParsed() throws {
        var bytes = Array("Subject: big\nContent-Type: text/plain\n\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
        let mail = try MailParser().parse(bytes)
        #expect(mail.text?.utf8.count == 10 << 20)
    }

    @Test func tenMegabyteSingleLineInsideAMultipartIsParsed() throws {
        var bytes = Array("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "<"), count: 5 << 20)
        bytes += [UInt8](repeating: UInt8(ascii: "="), count: 5 << 20)
        bytes += Array("\n--b--\n".utf8)
        let mail = try MailParser().parse(bytes)
        #expect(mail.html != nil)
        #expect(mail.text != nil)
    }

    @Test func hundredThousandHeadersAreCappedAtTheLimit() throws {
        var text = "Subject: many\n"
        for index in 0..<100_000 { text += "X-H\(index): v\n" }
        text += "\nbody\n"
        let mail = try MailParser().parse(Array(text.utf8))
        #expect(mail.headers.count == MailParserLimits().maxHeaderCount)
        #expect(mail.limitsHit.contains(.headerCount))
        #expect(mail.subject == "many")
        #expect(mail.text == "body\n")
    }

    @Test func longHeaderLinesAreTruncated() throws {
        let limits = MailParserLimits(maxHeaderLineLength: 100)
        let value = String(repeating: "x", count: 10_000)
        let folded = "Subject: " + value + "\n " + value + "\n\nbody\n"
        let mail = try MailParser(limits: limits).parse(Array(folded.utf8))
        #expect(mail.subject?.count == 100)
        #expect(mail.limitsHit.contains(.headerLineLength))
    }

    @Test func thousandDeepNestingIsCutAtTheDepthLimit() throws {
        var text = ""
        for level in 0..<1_000 { text += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" }
        text += "Content-Type: text/plain\n\ndeep\n"
        for level in stride(from: 999, through: 0, by: -1) { text += "--b\(level)--\n" }
        let mail = try MailParser().parse(Array(text.utf8))
        #expect(mail.limitsHit.contains(.nestingDepth))
        var depth = 0
        var part = mail.root
        while let child = part.children.first {
            depth += 1
            part = child
        }
        #expect(depth <= MailParserLimits().maxNestingDepth)
    }

    @Test func thousandDeepAttachedMessagesAreCut() throws {
        var text = ""
        for _ in 0..<1_000 { text += "Subject: level\nContent-Type: message/rfc822\n\n" }
        text += "Subject: bottom\n\nbody\n"
        let mail = try MailParser().parse(Array(text.utf8))
        #expect(mail.limitsHit.contains(.nestingDepth))
    }

    @Test func partCountIsCapped() throws {
        var text = "Content-Type: multipart/mixed; boundary=p\n\n"
        for index in 0..<5_000 { text += "--p\nContent-Type: application/octet-stream; name=f\(index)\n\nx\n" }
        text += "--p--\n"
        let limits = MailParserLimits(maxPartCount: 100)
        let mail = try MailParser(limits: limits).parse(Array(text.utf8))
        #expect(mail.limitsHit.contains(.partCount))
        #expect(mail.attachments.count < 100)
    }

    @Test func oversizedInputIsRejected() {
        let limits = MailParserLimits(maxMessageSize: 1_000)
        #expect(throws: MailParseError.messageTooLarge(size: 1_001, limit: 1_000)) {
            try MailParser(limits: limits).parse([UInt8](repeating: 0x41, count: 1_001))
        }
        #expect(throws: MailParseError.emptyMessage) { try MailParser().parse([UInt8]()) }
    }

    @Test func manyEncodedWordStartsStayLinear() throws {
        let subject = String(repeating: "=?a?q?", count: 200_000)
        let mail = try MailParser(limits: MailParserLimits(maxHeaderLineLength: 4 << 20))
            .parse(Array(("Subject: " + subject + "\n\nx").utf8))
        #expect(mail.subject?.isEmpty == false)
    }

    @Test func manyBoundaryLikeLinesStayLinear() throws {
        var text = "Content-Type: multipart/mixed; boundary=abc\n\n--abc\n\n"
        text += String(repeating: "--ab\n", count: 200_000)
        text += "--abc--\n"
        let mail = try MailParser().parse(Array(text.utf8))
        #expect(mail.text != nil)
    }

    @Test func colonFloodedAddressHeaderStaysLinear() throws {
        let header = "To: x@y.test" + String(repeating: ":", count: 60_000) + "\n\nx"
        let mail = try MailParser().parse(Array(header.utf8))
        #expect(mail.to.first?.address.hasPrefix("x@y.test") == true)
    }

    @Test func tagLikeHTMLStaysLinear() throws {
        let html = String(repeating: "<a\"", count: 300_000) + ">" + String(repeating: "<<!", count: 300_000)
        let mail = try MailParser().parse(Array(("Content-Type: text/html\n\n" + html).utf8))
        #expect(mail.text != nil)
    }

    @Test func binaryGarbageNeverCrashes() throws {
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            let length = Int(generator.next() % 4_000)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if let mail = try? MailParser().parse(bytes) {
                _ = mail.text
                _ = mail.attachments.map(\.sha256)
            }
        }
    }

    @Test func mutatedCorpusMailsNeverCrash() throws {
        guard let directory = CorpusSupport.emailCorpus("python-test_email") else { return }
        var generator = SplitMix(seed: 7)
        for url in CorpusSupport.files(in: directory, suffix: ".txt") {
            let original = try CorpusSupport.bytes(url)
            for _ in 0..<20 {
                var bytes = original
                for _ in 0..<8 where !bytes.isEmpty {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 3 {
                    case 0: bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(contentsOf: Array("\n--".utf8), at: index)
                    }
                }
                if let mail = try? MailParser().parse(bytes) {
                    _ = mail.text
                    _ = mail.bounce
                }
            }
        }
    }
}

/// A tiny deterministic random generator for the tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
