import Testing

@testable import SwitchboardMail

/// Over-sanitisation checks: ordinary mail from common clients must keep its text, links, tables and images.
@Suite("HTML sanitiser on real-world mail")
struct HTMLSanitizerRealWorldTests {
    private let rel = #"rel="noopener noreferrer nofollow" target="_blank""#

    @Test func gmailReplyKeepsContentAndMarksTheQuote() {
        let html = """
            <div dir="ltr">Hi Anna,<div><br></div><div>The invoice is attached. See <a href="https://example.com/\
            orders/123?ref=mail&amp;utm_source=gmail">order 123</a>.</div><div><br></div><div>Thanks,<br>Bob</div>\
            </div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Mar 4, 2024 at 9:12 AM \
            Anna &lt;<a href="mailto:anna@example.org">anna@example.org</a>&gt; wrote:<br></div><blockquote \
            class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);\
            padding-left:1ex">Where is my invoice?</blockquote></div>
            """
        let out = HTMLSanitizer().sanitize(html)
        #expect(out.contains("Hi Anna,"))
        #expect(out.contains(#"<a href="https://example.com/orders/123?ref=mail&amp;utm_source=gmail" \#(rel)>"#))
        #expect(out.contains("Thanks,<br>Bob"))
        #expect(out.contains(#"<div class="sb-quoted"><div dir="ltr">On Mon, Mar 4, 2024"#))
        #expect(out.contains(#"<a href="mailto:anna@example.org" \#(rel)>anna@example.org</a>"#))
        #expect(out.contains(
            #"<blockquote style="margin: 0px 0px 0px 0.8ex; border-left: 1px solid rgb(204,204,204); "#
                + #"padding-left: 1ex">Where is my invoice?</blockquote>"#))
        #expect(HTMLTestSupport.count(of: "sb-quoted", in: out) == 1)
    }

    @Test func outlookDesktopWordHTMLKeepsTextAndFoldsTheHeaderBlock() {
        let html = """
            <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
            <head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><style><!--
            p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
            --></style><!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]-->
            </head><body lang=EN-GB link="#0563C1" vlink="#954F72"><div class=WordSection1>
            <p class=MsoNormal>Hello team,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <p class=MsoNormal>Please find the <b>updated</b> figures below.<o:p></o:p></p>
            <table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 \
            style='border-collapse:collapse;border:none'>
            <tr><td width=200 valign=top \
            style='width:150.0pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>
            <p class=MsoNormal>Q1<o:p></o:p></p></td><td width=200 valign=top><p class=MsoNormal>1,234<o:p></o:p></p>
            </td></tr></table>
            <div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal>\
            <b>From:</b> Carla &lt;carla@example.com&gt; <br><b>Sent:</b> 04 March 2024 10:00<br><b>To:</b> Team<br>\
            <b>Subject:</b> Figures<o:p></o:p></p></div></div><p class=MsoNormal>Old message text<o:p></o:p></p>
            </div></body></html>
            """
        let out = HTMLSanitizer().sanitize(html)
        #expect(!out.contains("MsoNormal"))
        #expect(!out.contains("shapedefaults"))
        #expect(out.contains("<p>Hello team,</p>"))
        #expect(out.contains("<p>Please find the <b>updated</b> figures below.</p>"))
        #expect(out.contains(#"<table border="1" cellspacing="0" cellpadding="0" "#
            + #"style="border-collapse: collapse; border: none">"#))
        #expect(out.contains(#"<td width="200" valign="top" style="width: 150.0pt; "#
            + #"border: solid windowtext 1.0pt; padding: 0cm 5.4pt 0cm 5.4pt">"#))
        #expect(out.contains("1,234"))
        #expect(out.contains(#"<div class="sb-quoted"><div style="border: none; border-top: solid #E1E1E1 1.0pt; "#))
        #expect(out.contains("Old message text"))
        #expect(HTMLSanitizer().sanitize(out) == out)
    }

    @Test func outlookWebReplyFoldsFromAppendOnSend() {
        let html = """
            <div style="font-family: Aptos, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">Sounds good.</div>
            <div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">
            <div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" \
            color="#000000"><b>From:</b> Dan &lt;dan@example.net&gt;<br><b>Sent:</b> Monday<br></font></div>
            <div><div dir="ltr">Can we meet on Tuesday?</div></div>
            """
        let out = HTMLSanitizer().sanitize(html)
        #expect(out.hasPrefix(#"<div style="font-family: Aptos, sans-serif; font-size: 12pt; "#
            + #"color: rgb(0, 0, 0)">Sounds good.</div>"#))
        #expect(out.contains(#"<div class="sb-quoted"><div></div>"#))
        #expect(out.contains(##"<font face="Calibri, sans-serif" style="font-size: 11pt" color="#000000">"##))
        #expect(out.hasSuffix("Can we meet on Tuesday?</div></div></div>"))
        #expect(!out.contains("id="))
    }

    @Test func appleMailAndThunderbirdQuotes() {
        let apple = """
            <html><body dir="auto">Done!<br><br><div dir="ltr">On 4 Mar 2024, at 10:00, Eve &lt;eve@example.com&gt; \
            wrote:<br><br></div><blockquote type="cite"><div dir="ltr">Is it done?</div></blockquote></body></html>
            """
        let appleOut = HTMLSanitizer().sanitize(apple)
        #expect(appleOut.contains(#"<blockquote class="sb-quoted" type="cite"><div dir="ltr">Is it done?</div>"#))
        let thunderbird = """
            <p>Yes.</p><div class="moz-cite-prefix">On 04.03.24 10:00, Frank wrote:<br></div>\
            <blockquote type="cite" cite="mid:abc@example.com"><p>Really?</p></blockquote>
            """
        let tbOut = HTMLSanitizer().sanitize(thunderbird)
        #expect(tbOut == "<p>Yes.</p><div class=\"sb-quoted\"><div>On 04.03.24 10:00, Frank wrote:<br></div>"
            + "<blockquote type=\"cite\"><p>Really?</p></blockquote></div>")
        let yahoo = #"<div>Hi</div><div class="yahoo_quoted"><div>old</div></div>"#
        #expect(HTMLSanitizer().sanitize(yahoo) == #"<div>Hi</div><div class="sb-quoted"><div>old</div></div>"#)
    }

    @Test func quoteStartInsideATableRowMarksTheElementInsteadOfWrapping() {
        let html = #"<table><tr><td>new</td><td id="divRplyFwdMsg">From: x</td><td>old</td></tr></table>"#
        let out = HTMLSanitizer().sanitize(html)
        #expect(out == #"<table><tr><td>new</td><td class="sb-quoted">From: x</td><td>old</td></tr></table>"#)
        #expect(HTMLSanitizer().sanitize(out) == out)
        let inParagraph = HTMLSanitizer().sanitize(#"<p>a<span id="appendonsend">b</span>c</p>"#)
        #expect(inParagraph == #"<p>a<span class="sb-quoted">b</span>c</p>"#)
    }

    @Test func quoteMarkingCanBeTurnedOff() {
        let options = HTMLSanitizer.Options(marksQuotedHistory: false)
        let out = HTMLSanitizer(options: options).sanitize(#"<blockquote type="cite">q</blockquote>"#)
        #expect(out == #"<blockquote type="cite">q</blockquote>"#)
    }

    @Test func newsletterKeepsLayoutLinksAndBlocksTracking() {
        let html = """
            <!DOCTYPE html><html><head><title>Spring sale</title><style>.btn{color:red}</style>
            <link rel="stylesheet" href="https://cdn.example.com/n.css"></head>
            <body style="margin:0;padding:0;background-color:#f4f4f4"><center>
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center" \
            bgcolor="#ffffff"><tr><td align="center" style="padding:20px 0"><a href="https://shop.example.com/?utm=1">\
            <img src="https://img.example.com/logo.png" width="200" height="50" alt="Shop" style="display:block;\
            border:0"></a></td></tr><tr><td style="font-family:Helvetica,Arial,sans-serif;font-size:16px;\
            line-height:24px;color:#333333">Spring sale: <strong>30% off</strong> everything.<br>\
            <a href="https://shop.example.com/sale" style="background-color:#e91e63;color:#ffffff;padding:12px 24px;\
            text-decoration:none;border-radius:4px;display:inline-block">Shop now</a></td></tr>\
            <tr><td style="font-size:12px;color:#999">You received this because you subscribed. \
            <a href="https://shop.example.com/unsubscribe?u=abc&amp;id=42">Unsubscribe</a></td></tr></table>\
            <img src="https://track.example.com/open.gif?u=abc" width="1" height="1" alt=""></center></body></html>
            """
        let out = HTMLSanitizer().sanitize(html)
        #expect(!out.contains("Spring sale</title>") && !out.contains(".btn"))
        #expect(out.contains("<center>\n<table width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            + "align=\"center\" bgcolor=\"#ffffff\"><tr><td align=\"center\" style=\"padding: 20px 0\">"))
        #expect(out.contains(#"<a href="https://shop.example.com/?utm=1" \#(rel)><img class="sb-remote-image" "#
            + #"data-remote-src="https://img.example.com/logo.png" width="200" height="50" alt="Shop" "#
            + #"style="display: block; border: 0"></a>"#))
        #expect(out.contains("Spring sale: <strong>30% off</strong> everything."))
        #expect(out.contains(#"style="background-color: #e91e63; color: #ffffff; padding: 12px 24px; "#
            + #"text-decoration: none; border-radius: 4px; display: inline-block" \#(rel)>Shop now</a>"#))
        #expect(out.contains(#"href="https://shop.example.com/unsubscribe?u=abc&amp;id=42""#))
        #expect(out.contains(#"data-remote-src="https://track.example.com/open.gif?u=abc""#))
        #expect(!out.contains(" src=\"https://"))
        let allowed = HTMLSanitizer(options: .init(allowRemoteImages: true)).sanitize(html)
        #expect(allowed.contains(#"<img src="https://img.example.com/logo.png" width="200""#))
    }

    @Test func inlineImagesResolveThroughContentIDs() {
        let html = #"<p>Screenshot:</p><p><img src="cid:image001.png@01DA6E2B.12345670" width="400" "#
            + #"alt="screenshot"></p><p><img src="cid:missing@x"></p>"#
        let options = HTMLSanitizer.Options(cidResolver: { id in
            id == "image001.png@01DA6E2B.12345670" ? "/attachments/7f3a" : nil
        })
        let out = HTMLSanitizer(options: options).sanitize(html)
        #expect(out == #"<p>Screenshot:</p><p><img src="/attachments/7f3a" width="400" alt="screenshot"></p><p></p>"#)
    }

    @Test func internationalTextSurvives() {
        let html = "<p>Grüße aus München – 東京 – مرحبا – 😀 &eacute;&#233;&#xE9;</p>"
        #expect(HTMLSanitizer().sanitize(html) == "<p>Grüße aus München – 東京 – مرحبا – 😀 ééé</p>")
    }
}
