import Crypto
import Foundation
@testable import SwitchboardMail
import Testing

@Suite struct MIMEDecoderTests {
    func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func base64DecodesWithAndWithoutPadding() {
        #expect(string(TransferDecoding.base64(Array("aGVsbG8gd29ybGQ=".utf8))) == "hello world")
        #expect(string(TransferDecoding.base64(Array("aGVsbG8gd29ybGQ".utf8))) == "hello world")
        #expect(string(TransferDecoding.base64(Array("aGVs\r\nbG8g\nd29y bGQ=".utf8))) == "hello world")
    }

    @Test func base64SkipsJunkAndCountsIt() {
        let (bytes, junk) = TransferDecoding.base64Reporting(Array("aGVs!bG8=".utf8))
        #expect(string(bytes) == "hello")
        #expect(junk == 1)
        // Data after the padding of a first block is a second block.
        #expect(string(TransferDecoding.base64(Array("aGk=aGk=".utf8))) == "hihi")
    }

    @Test func quotedPrintableHandlesSoftBreaksEscapesAndTrailingSpace() {
        let input = "caf=C3=A9 =\r\nau lait   \r\nline=3D2=\nend=ZZ="
        #expect(string(TransferDecoding.quotedPrintable(Array(input.utf8))) == "café au lait\r\nline=2end=ZZ")
        #expect(string(TransferDecoding.quotedPrintable(Array("a_b=5Fc".utf8), header: true)) == "a b_c")
        #expect(string(TransferDecoding.quotedPrintable(Array("lower=c3=a9".utf8))) == "loweré")
    }

    @Test func uuencodeDecodesWithAndWithoutBeginLine() {
        let body = "begin 644 hello.txt\n,2&5L;&\\@6F%M;6%D\n`\nend\n"
        let (bytes, name) = TransferDecoding.uuencode(Array(body.utf8))
        #expect(string(bytes) == "Hello Zammad")
        #expect(name == "hello.txt")
        #expect(string(TransferDecoding.uuencode(Array(",2&5L;&\\@6F%M;6%D\n`\n".utf8)).bytes) == "Hello Zammad")
    }

    @Test func encodedWordsDecodeAndJoin() {
        #expect(EncodedWords.decode("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard")
        #expect(EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?=") == "ab")
        #expect(EncodedWords.decode("=?UTF-8?B?w6Q=?=") == "ä")
        // A multibyte character split across two words.
        #expect(EncodedWords.decode("=?UTF-8?B?4oK=?= =?UTF-8?B?rA==?=") == "€")
        #expect(EncodedWords.decode("=?utf-8?q?=E2=82?==?utf-8?q?=AC?=") == "€")
        // Language suffix (RFC 2231) and lower-case encoding letter.
        #expect(EncodedWords.decode("=?US-ASCII*EN?q?Keith_Moore?=") == "Keith Moore")
        // Unknown charset: still readable.
        #expect(EncodedWords.decode("=?x-unknown-cs?Q?plain?=") == "plain")
        // Not an encoded word.
        #expect(EncodedWords.decode("a =? b ?= c") == "a =? b ?= c")
        // Glued to other text.
        #expect(EncodedWords.decode("Re:=?utf-8?Q?caf=C3=A9?=!") == "Re:café!")
    }

    @Test func rfc2231ParametersDecode() {
        let simple = HeaderParameters(parsing: Array("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf".utf8))
        #expect(simple.value == "attachment")
        #expect(simple["filename"] == "€ rates.pdf")
        let continued = HeaderParameters(parsing: Array(
            "attachment; filename*0*=iso-8859-1'de'Erkl%E4; filename*1*=rung; filename*2=\".txt\"".utf8))
        #expect(continued["filename"] == "Erklärung.txt")
        let encodedWord = HeaderParameters(parsing: Array("text/plain; name=\"=?UTF-8?B?w6QudHh0?=\"".utf8))
        #expect(encodedWord.value == "text/plain")
        #expect(encodedWord["name"] == "ä.txt")
        let broken = HeaderParameters(parsing: Array("text/html; charset=3Dutf-8; name=my file.html".utf8))
        #expect(broken["name"] == "my file.html")
        #expect(CharsetDecoder.canonicalName(broken["charset"] ?? "") == "UTF-8")
    }

    @Test func charsetDecoderDecodesTheListedCharsets() {
        let decoder = CharsetDecoder()
        let cases: [(String, [UInt8], String)] = [
            ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café"),
            ("ISO-8859-2", [0xB3, 0xF3, 0x64, 0xBC], "łódź"),
            ("iso-8859-15", [0xA4], "€"),
            ("iso-8859-16", [0xAA], "Ș"),
            ("windows-1250", [0x9A], "š"),
            ("cp1251", [0xCF, 0xF0, 0xE8], "При"),
            ("windows-1252", [0x80, 0x93], "€“"),
            ("windows-1253", [0xE1], "α"),
            ("windows-1254", [0xFD], "ı"),
            ("windows-1255", [0xF9], "ש"),
            ("windows-1256", [0xC7], "ا"),
            ("windows-1257", [0xE0], "ą"),
            ("windows-1258", [0x61], "a"),
            ("koi8-r", [0xF0, 0xD2, 0xC9], "При"),
            ("koi8-u", [0xA4], "є"),
            ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "あ"),
            ("shift_jis", [0x82, 0xA0], "あ"),
            ("x-sjis", [0x82, 0xA0], "あ"),
            ("euc-jp", [0xA4, 0xA2], "あ"),
            ("gb2312", [0xC4, 0xE3], "你"),
            ("gbk", [0x81, 0x40], "丂"),
            ("gb18030", [0x81, 0x30, 0x81, 0x30], "\u{80}"),
            ("big5", [0xA7, 0x41], "你"),
            ("euc-kr", [0xC7, 0xD1], "한"),
            ("ks_c_5601-1987", [0xC7, 0xD1], "한"),
            ("utf-7", Array("Hi +AOQ-".utf8), "Hi ä"),
            ("unicode-1-1-utf-7", Array("+ANw-ber".utf8), "Über"),
            ("utf-16", [0xFF, 0xFE, 0x41, 0x00], "A"),
            ("utf-16be", [0x00, 0x41], "A"),
            ("utf-16le", [0x41, 0x00], "A"),
            ("us-ascii", Array("plain".utf8), "plain"),
            ("latin1", [0xE9], "é"),
            ("cp1252", [0x80], "€"),
        ]
        for (label, bytes, expected) in cases {
            #expect(decoder.decode(bytes, charset: label) == expected, "\(label)")
        }
    }

    @Test func charsetDecoderDegradesGracefully() {
        let decoder = CharsetDecoder()
        #expect(decoder.decode(Array("ok".utf8), charset: "no-such-charset") == "ok")
        #expect(decoder.decode([0xE9], charset: "no-such-charset") == "é") // Windows-1252 fallback
        #expect(decoder.decode(Array("é".utf8), charset: "") == "é")
        #expect(decoder.decode(Array("é".utf8), charset: nil) == "é")
        #expect(decoder.decode(Array("é".utf8), charset: "3Dutf-8") == "é")
        #expect(decoder.decode([0xE9], charset: "utf-8") == "\u{FFFD}")
        // Mislabelled Shift_JIS as ISO-2022-JP (seen in the wild) still decodes.
        #expect(decoder.decode([0x83, 0x63, 0x81, 0x5B, 0x83, 0x8B], charset: "iso-2022-jp") == "ツール")
        // Truncated multibyte input never traps.
        _ = decoder.decode([0x1B, 0x24], charset: "iso-2022-jp")
        _ = decoder.decode([0x82], charset: "shift_jis")
        #expect(decoder.isSupported("utf-7"))
    }

    @Test func windows1252IsDecodedDirectlyAndItsUndefinedBytesStillDecode() {
        let decoder = CharsetDecoder()
        #expect(decoder.decode([0x80, 0x20, 0xE9, 0x9F, 0x41], charset: "windows-1252") == "€ éŸA")
        let undefined = decoder.decodeReportingProblems([0x41, 0x81, 0x42], charset: "windows-1252")
        #expect(undefined.text.hasPrefix("A") && undefined.text.hasSuffix("B"))
        #expect(" \t a b \r\n".dropFirst(0).trimmingASCIIWhitespace() == "a b")
        #expect("é ".trimmingASCIIWhitespace() == "é")
        #expect(" \n ".trimmingASCIIWhitespace() == "")
    }

    @Test func flowedTextIsUnwrapped() {
        let input = "This is a long \nparagraph.\n> quoted \n> text\n-- \nsig"
        #expect(FlowedText.decode(input) == "This is a long paragraph.\n> quoted text\n-- \nsig")
        #expect(FlowedText.decode("a-\u{20}\nb", delSp: true) == "a-b")
        #expect(FlowedText.decode(" From space-stuffed") == "From space-stuffed")
    }

    @Test func htmlIsTurnedIntoText() {
        let html = "<html><head><style>p{}</style></head><body><p>Hello&nbsp;<b>you</b></p>"
            + "<p>Second &amp; last<br>line &#8364; &#x41;</p><script>alert(1)</script></body></html>"
        #expect(HTMLText.plainText(from: html) == "Hello you\n\nSecond & last\nline € A")
        #expect(HTMLText.plainText(from: "a < b") == "a < b")
    }

    @Test func portableSHA256MatchesSwiftCrypto() {
        for length in [0, 1, 55, 56, 63, 64, 65, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let expected = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(Digest.hex(Digest.portableSHA256(bytes)) == expected)
        }
    }
}
