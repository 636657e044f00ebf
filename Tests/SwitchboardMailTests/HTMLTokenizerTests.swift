import Testing

@testable import SwitchboardMail

@Suite("HTML tokenizer")
struct HTMLTokenizerTests {
    private func tokens(_ html: String, rawTextFor names: Set<String> = []) -> [HTMLToken] {
        var tokenizer = HTMLTokenizer(html)
        var result: [HTMLToken] = []
        while let token = tokenizer.next() {
            if case .startTag(let tag) = token, names.contains(tag.name),
                let model = HTMLElementPolicy.contentModel(after: tag.name) {
                tokenizer.switchContentModel(model, endTag: tag.name)
            }
            result.append(token)
        }
        return result
    }

    private func start(_ name: String, _ attributes: [(String, String)] = [], selfClosing: Bool = false) -> HTMLToken {
        .startTag(HTMLStartTag(
            name: name, attributes: attributes.map { HTMLAttribute(name: $0.0, value: $0.1) }, selfClosing: selfClosing
        ))
    }

    @Test func tagNamesAndAttributeNamesAreLowerCased() {
        #expect(tokens("<DiV ClAsS=x>") == [start("div", [("class", "x")])])
    }

    @Test func attributeValuesInAllQuotingForms() {
        let result = tokens(#"<a b="1 2" c='3 "4"' d=5'6 e f=>"#)
        #expect(result == [start("a", [("b", "1 2"), ("c", #"3 "4""#), ("d", "5'6"), ("e", ""), ("f", "")])])
    }

    @Test func slashBetweenAttributesActsAsWhitespace() {
        #expect(tokens("<img/src=x/onerror=alert(1)>") == [start("img", [("src", "x/onerror=alert(1)")])])
        #expect(tokens(#"<img/src="x"/onerror="y">"#) == [start("img", [("src", "x"), ("onerror", "y")])])
        #expect(tokens("<br/>") == [start("br", selfClosing: true)])
    }

    @Test func missingWhitespaceAfterQuotedValueStartsNextAttribute() {
        #expect(tokens(#"<a href="x"onclick="y">"#) == [start("a", [("href", "x"), ("onclick", "y")])])
    }

    @Test func equalsSignCanStartAnAttributeName() {
        #expect(tokens("<a =x>") == [start("a", [("=x", "")])])
    }

    @Test func duplicateAttributesKeepTheFirst() {
        #expect(tokens("<a href=1 HREF=2>") == [start("a", [("href", "1")])])
    }

    @Test func unterminatedTagAtEndOfInputProducesNothing() {
        #expect(tokens("hi<img src=x onerror=alert(1)") == [.text("hi")])
        #expect(tokens(#"<a href="x"#) == [])
    }

    @Test func lessThanNotFollowedByLetterIsText() {
        #expect(tokens("1 < 2 <3 <") == [.text("1 < 2 <3 <")])
        #expect(tokens("a</>b") == [.text("ab")])
    }

    @Test func commentForms() {
        #expect(tokens("<!-->x") == [.comment(""), .text("x")])
        #expect(tokens("<!--->x") == [.comment(""), .text("x")])
        #expect(tokens("<!-- a -- b --!>x") == [.comment(" a -- b "), .text("x")])
        #expect(tokens("<!-- open") == [.comment(" open")])
        #expect(tokens("<? php ?>x") == [.comment("? php ?"), .text("x")])
        #expect(tokens("</ x>y") == [.comment(" x"), .text("y")])
        #expect(tokens("<!x>y") == [.comment("x"), .text("y")])
    }

    @Test func doctypeAndCDATAInHTMLContent() {
        #expect(tokens("<!DOCTYPE html PUBLIC \"a>b\">x") == [.doctype, .text("b\">x")])
        #expect(tokens("<![CDATA[<img>]]>x") == [.comment("[CDATA[<img"), .text("]]>x")])
    }

    @Test func cdataInForeignContent() {
        var tokenizer = HTMLTokenizer("<![CDATA[<img src=x>]]>after")
        tokenizer.allowsCDATA = true
        #expect(tokenizer.next() == .text("<img src=x>"))
        #expect(tokenizer.next() == .text("after"))
    }

    @Test func rawTextElementsEndOnlyAtTheirOwnEndTag() {
        let result = tokens("<script>a</b><!--</script>x", rawTextFor: ["script"])
        #expect(result == [start("script"), .text("a</b><!--"), .endTag("script"), .text("x")])
        let style = tokens("<style></styled></STYLE >y", rawTextFor: ["style"])
        #expect(style == [start("style"), .text("</styled>"), .endTag("style"), .text("y")])
    }

    @Test func rcdataDecodesReferencesButNotTags() {
        let result = tokens("<textarea>&lt;b&gt;<b></textarea>", rawTextFor: ["textarea"])
        #expect(result == [start("textarea"), .text("<b><b>"), .endTag("textarea")])
    }

    @Test func plaintextSwallowsTheRest() {
        let result = tokens("<plaintext></plaintext><b>", rawTextFor: ["plaintext"])
        #expect(result == [start("plaintext"), .text("</plaintext><b>")])
    }

    @Test func namedCharacterReferences() {
        #expect(tokens("&amp;&lt;&gt;&quot;&apos;&nbsp;&copy;&eacute;&euro;&hellip;") == [
            .text("&<>\"'\u{A0}©é€…"),
        ])
        #expect(tokens("&colon;&Tab;&NewLine;&lpar;&rpar;") == [.text(":\t\n()")])
        #expect(tokens("&notit; &ampx &unknown; & x") == [.text("¬it; &x &unknown; & x")])
    }

    @Test func legacyReferencesInAttributesFollowTheHistoricalRule() {
        #expect(tokens("<a href=\"?a=1&copy=2&lt;&amp\">") == [start("a", [("href", "?a=1&copy=2<&")])])
    }

    @Test func numericCharacterReferences() {
        #expect(tokens("&#106;&#x61;&#X76;&#0097") == [.text("java")])
        #expect(tokens("&#0;&#x110000;&#xD800;&#128;&#x99;") == [.text("\u{FFFD}\u{FFFD}\u{FFFD}€™")])
        #expect(tokens("&#;&#x;&#xZ") == [.text("&#;&#x;&#xZ")])
        #expect(tokens("&#00000000000000000000000106;") == [.text("j")])
    }

    @Test func newlinesAreNormalisedAndNULIsReplacedInAttributes() {
        #expect(tokens("a\r\nb\rc") == [.text("a\nb\nc")])
        #expect(tokens("<a b=\"x\0y\">") == [start("a", [("b", "x\u{FFFD}y")])])
        #expect(tokens("<a\0b>") == [start("a\u{FFFD}b")])
    }

    @Test func endTagAttributesAreParsedAndIgnored() {
        #expect(tokens("<b>x</b foo=\">\">y") == [start("b"), .text("x"), .endTag("b"), .text("y")])
    }
}
