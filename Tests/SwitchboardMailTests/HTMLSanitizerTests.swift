import Testing

@testable import SwitchboardMail

@Suite("HTML sanitiser policy")
struct HTMLSanitizerTests {
    private let sanitizer = HTMLSanitizer()

    private func clean(_ html: String, options: HTMLSanitizer.Options = .init()) -> String {
        HTMLSanitizer(options: options).sanitize(html)
    }

    @Test func keepsFormattingAndText() {
        #expect(clean("<p>Hello <b>bold</b> <i>it</i> <u>u</u> <em>e</em> <strong>s</strong></p>")
            == "<p>Hello <b>bold</b> <i>it</i> <u>u</u> <em>e</em> <strong>s</strong></p>")
        #expect(clean("<h1>T</h1><ul><li>a</li></ul><ol start=3><li>b</li></ol><dl><dt>t</dt><dd>d</dd></dl>")
            == "<h1>T</h1><ul><li>a</li></ul><ol start=\"3\"><li>b</li></ol><dl><dt>t</dt><dd>d</dd></dl>")
    }

    @Test func dropsScriptsWithTheirContent() {
        #expect(clean("a<script>alert(1)</script>b") == "ab")
        #expect(clean("a<SCRIPT SRC=//x.js></SCRIPT>b") == "ab")
        #expect(clean("a<script>never closed <b>x</b>") == "a")
    }

    @Test func dropsContentOfDangerousContainers() {
        for name in ["style", "template", "iframe", "object", "noscript", "title", "textarea", "select", "svg",
                     "math", "xmp", "noembed", "noframes", "applet"] {
            #expect(clean("a<\(name)>secret<b>x</b></\(name)>b") == "ab", "\(name)")
        }
        #expect(clean("a<plaintext>rest<b>x</b>") == "a")
    }

    @Test func nestedDroppedContainersAreCounted() {
        #expect(clean("<object><object>x</object>still</object>after") == "after")
        #expect(clean("<svg><svg/><p>in</p></svg>out") == "out")
    }

    @Test func selfClosingForeignElementHasNoContent() {
        #expect(clean("<svg/><p>kept</p>") == "<p>kept</p>")
    }

    @Test func unwrapsUnknownAndHarmlessDisallowedElements() {
        #expect(clean("<html><head><meta charset=utf-8></head><body><o:p>x</o:p><custom-el>y</custom-el></body>")
            == "xy")
        #expect(clean("<form action=/x><label>Name</label><input name=a><button>Go</button></form>")
            == "NameGo")
    }

    @Test func dropsVoidDisallowedElements() {
        #expect(clean("a<base href=//evil/><link rel=stylesheet href=x><embed src=x><input>b") == "ab")
        #expect(clean("<meta http-equiv=refresh content='0;url=javascript:alert(1)'>x") == "x")
    }

    @Test func dropsEventHandlersAndUnknownAttributes() {
        let out = clean(#"<p onclick="x()" ONMOUSEOVER=y id=a name=b class=c data-x=1 foo=bar>t</p>"#)
        #expect(out == "<p>t</p>")
    }

    @Test func filtersLinkSchemes() {
        let blocked = [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", " \tjavascript:alert(1)", "java\nscript:alert(1)",
            "java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
            "vbscript:msgbox(1)", "livescript:x", "data:text/html,<script>alert(1)</script>",
            "&#x01;javascript:alert(1)", "\u{A0}javascript:alert(1)", "jav&#0;ascript:alert(1)", "file:///etc",
            "cid:part1",
        ]
        for href in blocked {
            #expect(clean("<a href=\"\(href)\">x</a>") == "<a>x</a>", "\(href)")
        }
        let rel = #" rel="noopener noreferrer nofollow" target="_blank""#
        #expect(clean("<a href='https://example.com/a?b=1&amp;c=2'>x</a>")
            == "<a href=\"https://example.com/a?b=1&amp;c=2\"\(rel)>x</a>")
        #expect(clean("<a href='mailto:a@b.c'>m</a>") == "<a href=\"mailto:a@b.c\"\(rel)>m</a>")
        #expect(clean("<a href='tel:+1555'>t</a>") == "<a href=\"tel:+1555\"\(rel)>t</a>")
        #expect(clean("<a href='/relative/path'>r</a>") == "<a href=\"/relative/path\"\(rel)>r</a>")
        #expect(clean("<a href='#top'>r</a>") == "<a href=\"#top\"\(rel)>r</a>")
    }

    @Test func linkRelAndTargetFromInputAreReplaced() {
        #expect(clean(#"<a href="https://x.org" target="_self" rel="opener">x</a>"#)
            == #"<a href="https://x.org" rel="noopener noreferrer nofollow" target="_blank">x</a>"#)
    }

    @Test func remoteImagesAreBlockedByDefault() {
        #expect(clean(#"<img src="https://t.example/p.gif" alt="logo" width=10>"#)
            == #"<img class="sb-remote-image" data-remote-src="https://t.example/p.gif" alt="logo" width="10">"#)
        let allowed = clean(#"<img src="https://t.example/p.gif">"#, options: .init(allowRemoteImages: true))
        #expect(allowed == #"<img src="https://t.example/p.gif">"#)
    }

    @Test func dataImagesOnlyWithRasterTypes() {
        #expect(clean(#"<img src="data:image/png;base64,iVBORw0KGgo=">"#)
            == #"<img src="data:image/png;base64,iVBORw0KGgo=">"#)
        #expect(clean(#"<img src="data:image/svg+xml;base64,PHN2Zz4=">"#) == "")
        #expect(clean(#"<img src="data:text/html;base64,PHNjcmlwdD4=">"#) == "")
        #expect(clean(#"<img src="data:image/png,<svg onload=alert(1)>">"#) == "")
        #expect(clean(#"<a href="data:image/png;base64,iVBORw0KGgo=">x</a>"#) == "<a>x</a>")
    }

    @Test func cidImagesGoThroughTheResolver() {
        let options = HTMLSanitizer.Options(cidResolver: { id in id == "logo@x" ? "/attachments/42" : nil })
        #expect(clean(#"<img src="cid:logo@x" alt=L>"#, options: options) == #"<img src="/attachments/42" alt="L">"#)
        #expect(clean(#"<img src="cid:%3Clogo@x%3E">"#, options: options) == #"<img src="/attachments/42">"#)
        #expect(clean(#"<img src="cid:other">"#, options: options) == "")
        #expect(clean(#"<img src="cid:logo@x">"#) == "")
        let hostile = HTMLSanitizer.Options(cidResolver: { _ in "javascript:alert(1)" })
        #expect(clean(#"<img src="cid:a">"#, options: hostile) == "")
    }

    @Test func imagesWithoutUsableSourceAreDropped() {
        #expect(clean("<img src=x onerror=alert(1)>") == "")
        #expect(clean("<img src=javascript:alert(1)>") == "")
        #expect(clean("<img>") == "")
        #expect(clean("<img srcset='https://x/a.png 1x'>") == "")
    }

    @Test func styleAttributesAreFiltered() {
        #expect(clean(#"<p style="color: red; font-size: 12px">x</p>"#)
            == #"<p style="color: red; font-size: 12px">x</p>"#)
        let dangerous = [
            "background:url(https://t/x.gif)", "background-image:url(x)", "width:expression(alert(1))",
            "behavior:url(x.htc)", "-moz-binding:url(x)", "@import 'x'", "color:\\72 ed",
            "color:ex/**/pression(alert(1))", "position:fixed", "top:0", "margin-top:-999px",
            "background:image-set('x' 1x)", "font-family:'a\\'", "content:'x'", "color:javascript:alert(1)",
            "list-style-image:url(x)", "color: var(--x)", "width: calc(100% - 1px)", "color: red /* unterminated",
        ]
        for style in dangerous {
            let out = clean("<p style=\"\(style)\">x</p>")
            #expect(out == "<p>x</p>", "\(style) -> \(out)")
        }
        #expect(clean(#"<p style="color:red;width:expression(alert(1));margin:0 auto">x</p>"#)
            == #"<p style="color: red; margin: 0 auto">x</p>"#)
        #expect(clean(#"<p style="color: rgb(1, 2, 3) !important; font-family: 'Segoe UI', Arial">x</p>"#)
            == #"<p style="color: rgb(1, 2, 3) !important; font-family: 'Segoe UI', Arial">x</p>"#)
        #expect(clean("<p style=\"color:red;@import 'x'\">x</p>") == #"<p style="color: red">x</p>"#)
        #expect(clean(#"<p style="display: none">x</p>"#) == #"<p style="display: none">x</p>"#)
        #expect(clean(#"<p style="display: contents">x</p>"#) == "<p>x</p>")
    }

    @Test func presentationalAttributesAreValidated() {
        #expect(clean("<font color=#ff0000 face='Arial, sans-serif' size=2>x</font>")
            == ##"<font color="#ff0000" face="Arial, sans-serif" size="2">x</font>"##)
        #expect(clean("<font color='red;x:expression(1)'>x</font>") == "<font>x</font>")
        #expect(clean("<table width=100% border=0 cellpadding=2 cellspacing=0 bgcolor=white><tr><td colspan=2 "
            + "align=CENTER valign=top nowrap>x</td></tr></table>")
            == #"<table width="100%" border="0" cellpadding="2" cellspacing="0" bgcolor="white"><tr>"#
            + #"<td colspan="2" align="center" valign="top" nowrap="">x</td></tr></table>"#)
        #expect(clean("<td width='100px;background:url(x)'>x</td>") == "<td>x</td>")
        #expect(clean("<p dir=rtl lang=ar title='a \"title\"'>x</p>")
            == #"<p dir="rtl" lang="ar" title="a &quot;title&quot;">x</p>"#)
        #expect(clean("<table background='http://t/x.gif'><tr><td background=x>y</td></tr></table>")
            == "<table><tr><td>y</td></tr></table>")
    }

    @Test func textIsReEscaped() {
        #expect(clean("a &lt;script&gt; &amp; b") == "a &lt;script&gt; &amp; b")
        #expect(clean("1 < 2 > 0 &") == "1 &lt; 2 &gt; 0 &amp;")
        #expect(clean("&lt;img src=x onerror=alert(1)&gt;") == "&lt;img src=x onerror=alert(1)&gt;")
    }

    @Test func controlCharactersAreDropped() {
        #expect(clean("a\u{01}b\u{7F}c\0d\te") == "abcd\te")
        #expect(clean("a&#13;b") == "a&#13;b")
    }

    @Test func commentsAndConditionalCommentsAreDropped() {
        #expect(clean("a<!--[if mso]><b>x</b><![endif]-->b<![if !supportLists]>c<![endif]>") == "abc")
        #expect(clean("<!--><img src=x onerror=alert(1)>-->") == "--&gt;")
    }

    @Test func impliedEndTagsProduceBalancedOutput() {
        #expect(clean("<p>a<p>b<div>c</div>") == "<p>a</p><p>b</p><div>c</div>")
        #expect(clean("<ul><li>a<li>b<ul><li>c</ul></ul>") == "<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>")
        #expect(clean("<table><tr><td>1<td>2<tr><th>3</table>x")
            == "<table><tr><td>1</td><td>2</td></tr><tr><th>3</th></tr></table>x")
        #expect(clean("<dl><dt>a<dd>b<dt>c</dl>") == "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>")
        #expect(clean("<h1>a<h2>b</h2>") == "<h1>a</h1><h2>b</h2>")
        #expect(HTMLTestSupport.count(of: "</a>", in: clean("<a href=/1>a<a href=/2>b</a>")) == 2)
        #expect(clean("<b>x<i>y</b>z</i>") == "<b>x<i>y</i></b>z")
        #expect(clean("</div></b>text<b>open") == "text<b>open</b>")
        #expect(clean("<table><tr><td><b>x</td><td>y</b></td></tr></table>")
            == "<table><tr><td><b>x</b></td><td>y</td></tr></table>")
    }

    @Test func preKeepsItsLeadingNewline() {
        let once = clean("<pre>\n\ncode</pre>")
        #expect(once == "<pre>\n\ncode</pre>")
        #expect(clean(once) == once)
        #expect(clean("<pre>\ncode</pre>") == "<pre>code</pre>")
    }

    @Test func outputHasNoRawTextElementsSoItCannotReparseDifferently() {
        let tricky = [
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
            "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img src=1 "
                + "onerror=alert(1)&gt;\">",
            "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
            "<textarea><p title=\"</textarea><img src=x onerror=alert(1)>\"></textarea>",
            "<title><a title=\"</title><img src=x onerror=alert(1)>\"></title>",
            "<p title=\"</p><img src=x onerror=alert(1)>\">x</p>",
        ]
        for payload in tricky {
            let out = clean(payload)
            #expect(!out.contains("<img"), "\(payload) -> \(out)")
            #expect(clean(out) == out, "not idempotent: \(payload)")
        }
        #expect(clean("<p title=\"</p><img src=x onerror=alert(1)>\">x</p>")
            == "<p title=\"&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;\">x</p>")
    }

    @Test func sanitisingTwiceChangesNothing() {
        let samples = [
            "<p>a<p>b<ul><li>c<li>d</ul><table><tr><td>1<td>2</table>",
            #"<a href=" https://x.org/a b ">l</a><img src="http://r/x.png"><img src="data:image/gif;base64,R0lG">"#,
            "<blockquote type=cite>q</blockquote><div class=gmail_quote>g</div><div id=appendonsend></div>x",
            "<pre>\n\nx</pre><p style='color:red;background:url(x)'>s</p>&amp;&lt;&#13;\u{A0}",
            "<b><i>unclosed <u>tags", "<div>" + String(repeating: "<div>", count: 300) + "deep",
        ]
        for sample in samples {
            let once = clean(sample)
            #expect(clean(once) == once, "\(sample)")
        }
    }
}
