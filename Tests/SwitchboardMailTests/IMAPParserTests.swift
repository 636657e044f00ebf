import NIOCore
import Testing
@testable import SwitchboardMail

/// The IMAP response parser and framer without a server: well-formed answers, and hostile ones that must end in a
/// clear error without unbounded allocation.
@Suite("IMAP parser")
struct IMAPParserTests {
    let parser = IMAPResponseParser()

    func parse(_ text: String) throws -> IMAPResponse {
        try parser.parse(Array(text.utf8))
    }

    func frames(_ chunks: [String], limits: IMAPLimits = IMAPLimits()) throws -> [IMAPFrame] {
        var decoder = IMAPFrameDecoder(limits: limits)
        var buffer = ByteBuffer()
        var result: [IMAPFrame] = []
        for chunk in chunks {
            buffer.writeString(chunk)
            while let frame = try decoder.nextFrame(&buffer) { result.append(frame) }
        }
        return result
    }

    @Test func taggedCompletionWithResponseCode() throws {
        let response = try parse("A7 OK [READ-WRITE] SELECT completed\r\n")
        #expect(response == .tagged("A7", IMAPStatus(kind: .ok, code: "READ-WRITE", text: "SELECT completed")))
    }

    @Test func untaggedStatusCodesWithArguments() throws {
        let validity = try parse("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n")
        #expect(validity == .untagged(.status(IMAPStatus(
            kind: .ok, code: "UIDVALIDITY", codeArguments: [.atom("3857529045")], text: "UIDs valid"))))
        let flags = try parse("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n")
        guard case .untagged(.status(let status)) = flags, case .list(let items)? = status.codeArguments.first else {
            Issue.record("not a status with a list: \(flags)")
            return
        }
        #expect(items == [.atom("\\Deleted"), .atom("\\Seen"), .atom("\\*")])
    }

    @Test func capabilityExistsExpungeAndSearch() throws {
        #expect(try parse("* CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN move\r\n")
            == .untagged(.capability(["IMAP4REV1", "IDLE", "AUTH=PLAIN", "MOVE"])))
        #expect(try parse("* 23 EXISTS\r\n") == .untagged(.exists(23)))
        #expect(try parse("* 5 EXPUNGE\r\n") == .untagged(.expunge(5)))
        #expect(try parse("* SEARCH 2 84 882\r\n") == .untagged(.search([2, 84, 882])))
        #expect(try parse("+ Ready for literal\r\n") == .continuation("Ready for literal"))
    }

    @Test func fetchWithLiteralBodyAndFlags() throws {
        let message = "Subject: hi\r\n\r\n(not a list) {3}\r\n"
        let text = "* 12 FETCH (UID 4827 RFC822.SIZE \(message.utf8.count) FLAGS (\\Seen $Label) "
            + "BODY[] {\(message.utf8.count)}\r\n\(message))\r\n"
        let response = try parse(text)
        #expect(response == .untagged(.fetch(IMAPFetch(
            sequence: 12, uid: 4827, size: message.utf8.count, flags: ["\\Seen", "$Label"],
            body: Array(message.utf8)))))
    }

    @Test func fetchOfTheHeaderSectionOnly() throws {
        let header = "Subject: big\r\nFrom: a@example.com\r\n\r\n"
        let text = "* 3 FETCH (UID 77 BODY[HEADER] {\(header.utf8.count)}\r\n\(header))\r\n"
        #expect(try parse(text) == .untagged(.fetch(IMAPFetch(sequence: 3, uid: 77, header: Array(header.utf8)))))
        #expect(throws: IMAPClientError.self) { try parse("* 3 FETCH (UID 77 BODY[HEADER] (1 2))\r\n") }
    }

    @Test func fetchSkipsEnvelopeAndSections() throws {
        let text = """
            * 1 FETCH (ENVELOPE ("date" "subj" (("Ann" NIL "ann" "x.example")) NIL NIL NIL NIL NIL NIL "<id>") \
            BODY[HEADER.FIELDS (SUBJECT)] {4}\r\nabcd UID 9)\r\n
            """
        #expect(try parse(text) == .untagged(.fetch(IMAPFetch(sequence: 1, uid: 9))))
    }

    @Test func quotedStringsWithEscapes() throws {
        let response = try parse("* 1 FETCH (BODY[] \"say \\\"hi\\\" \\\\ bye\" UID 2)\r\n")
        #expect(response == .untagged(.fetch(IMAPFetch(sequence: 1, uid: 2, body: Array("say \"hi\" \\ bye".utf8)))))
    }

    @Test func otherResponsesAreKeptAsText() throws {
        #expect(try parse("* LIST (\\HasNoChildren) \"/\" INBOX\r\n")
            == .untagged(.other("LIST", "(\\HasNoChildren) \"/\" INBOX")))
    }

    @Test func framesLiteralsSplitAcrossReads() throws {
        let result = try frames([
            "* 1 FETCH (UID 3 BODY[] {1", "1}\r\nhello", " world)\r\n* 2 EX", "ISTS\r\nA1 OK done\r\n",
        ])
        #expect(result.count == 3)
        #expect(try parser.parse(result[0].bytes)
            == .untagged(.fetch(IMAPFetch(sequence: 1, uid: 3, body: Array("hello world".utf8)))))
        #expect(try parser.parse(result[1].bytes) == .untagged(.exists(2)))
        #expect(try parser.parse(result[2].bytes) == .tagged("A1", IMAPStatus(kind: .ok, text: "done")))
    }

    @Test func framesAnEmptyLiteralAndALiteralEndingInCRLF() throws {
        let result = try frames(["* 1 FETCH (BODY[] {0}\r\n UID 1)\r\n* 2 FETCH (BODY[] {2}\r\n\r\n UID 2)\r\n"])
        #expect(result.count == 2)
        #expect(try parser.parse(result[1].bytes) == .untagged(.fetch(IMAPFetch(sequence: 2, uid: 2, body: [13, 10]))))
    }

    // MARK: - Hostile input

    @Test func hugeLiteralIsRefusedBeforeBuffering() throws {
        let limits = IMAPLimits(maxLiteralSize: 1024)
        #expect(throws: IMAPClientError.self) {
            _ = try frames(["* 1 FETCH (BODY[] {999999999999}\r\n"], limits: limits)
        }
        do {
            _ = try frames(["* 1 FETCH (BODY[] {4096}\r\nshort"], limits: limits)
            Issue.record("a literal over the limit was accepted")
        } catch let error as IMAPClientError {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test func endlessLineIsRefused() throws {
        let limits = IMAPLimits(maxLineLength: 1000)
        var decoder = IMAPFrameDecoder(limits: limits)
        var buffer = ByteBuffer()
        var failure: IMAPClientError?
        for _ in 0..<100 {
            buffer.writeString(String(repeating: "x", count: 100))
            do {
                _ = try decoder.nextFrame(&buffer)
            } catch let error as IMAPClientError {
                failure = error
                break
            }
        }
        #expect(failure?.code == .limitExceeded)
        #expect(buffer.readableBytes < 1200)
    }

    @Test func wholeResponseIsBounded() throws {
        let limits = IMAPLimits(maxLineLength: 100, maxLiteralSize: 100, maxResponseSize: 150)
        let chunk = "* 1 FETCH (X {60}\r\n" + String(repeating: "a", count: 60)
        #expect(throws: IMAPClientError.self) {
            _ = try frames([chunk + " Y {60}\r\n" + String(repeating: "b", count: 60) + " Z {60}\r\n"], limits: limits)
        }
    }

    @Test(arguments: [
        "garbage without structure",
        "* 1 FETCH UID 3\r\n",
        "* 1 FETCH (UID 3\r\n",
        "* 1 FETCH (UID)\r\n",
        "* 1 FETCH (UID abc)\r\n",
        "* 1 FETCH (BODY[] {10}\r\nabc)\r\n",
        "* 1 FETCH (BODY[] \"unterminated\r\n",
        "* 1 FETCH (BODY[HEADER UID 1)\r\n",
        "* OK [UIDVALIDITY 1\r\n",
        "A1 MAYBE done\r\n",
        "* SEARCH 1 x 3\r\n",
        "\r\n",
        "*",
        "",
        "* 1 FETCH (BODY[] {99999999999999999999}\r\n)\r\n",
    ])
    func garbageAndTruncatedResponsesThrow(_ text: String) {
        #expect(throws: IMAPClientError.self) { _ = try parser.parse(Array(text.utf8)) }
    }

    @Test func deepNestingIsRefused() {
        let text = "* 1 FETCH (BODYSTRUCTURE " + String(repeating: "(", count: 10_000) + ")\r\n"
        do {
            _ = try parser.parse(Array(text.utf8))
            Issue.record("deep nesting was accepted")
        } catch let error as IMAPClientError {
            #expect(error.code == .limitExceeded)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("* ()[]{}\"\\0123456789ABC+\r\n FETCH OK UID BODY[] NIL".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<80, using: &generator)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            _ = try? parser.parse(bytes)
            var decoder = IMAPFrameDecoder(limits: IMAPLimits(maxLineLength: 64, maxLiteralSize: 64))
            var buffer = ByteBuffer(bytes: bytes)
            while let frame = try? decoder.nextFrame(&buffer) { _ = try? parser.parse(frame.bytes) }
        }
    }

    // MARK: - Commands

    @Test func commandsQuoteOrSendLiterals() throws {
        let command = IMAPCommand([.raw("LOGIN"), .string(Array("ann".utf8)), .string(Array("pa\"ss\\wörd".utf8))])
        let chunks = try command.chunks(tag: "S1")
        #expect(chunks.count == 2)
        #expect(chunks[0].text == Array("S1 LOGIN \"ann\" {11}\r\n".utf8))
        #expect(chunks[0].literal == Array("pa\"ss\\wörd".utf8))
        #expect(chunks[1].text == [13, 10])
        let quoted = try IMAPCommand([.raw("SELECT"), .string(Array("a \"b\" \\c".utf8))]).chunks(tag: "S2")
        #expect(quoted == [IMAPCommand.Chunk(text: Array("S2 SELECT \"a \\\"b\\\" \\\\c\"\r\n".utf8), literal: nil)])
    }

    @Test func lineBreaksCannotBeInjected() {
        #expect(throws: IMAPClientError.self) {
            _ = try IMAPCommand("NOOP\r\nA2 DELETE INBOX").chunks(tag: "S1")
        }
        #expect(throws: IMAPClientError.self) { _ = try IMAPSession.validFlag("\\Seen) (x") }
        let folder = try? IMAPCommand([.raw("SELECT"), .string(Array("x\r\nS9 DELETE INBOX".utf8))]).chunks(tag: "S1")
        #expect(folder?.first?.literal == Array("x\r\nS9 DELETE INBOX".utf8))
    }

    @Test func sequenceSetsAreCompressed() {
        #expect(IMAPCommand.sequenceSet([9, 3, 4, 5, 11, 12, 4]) == "3:5,9,11:12")
        #expect(IMAPCommand.sequenceSet([7]) == "7")
    }

    @Test func mailboxNamesUseModifiedUTF7() {
        func encode(_ name: String) -> String { String(decoding: IMAPMailboxName.encode(name), as: UTF8.self) }
        #expect(encode("INBOX") == "INBOX")
        #expect(encode("Entwürfe") == "Entw&APw-rfe")
        #expect(encode("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-")
        #expect(encode("Tom & Jerry") == "Tom &- Jerry")
    }
}
