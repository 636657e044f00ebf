import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The public contact form pages: small, accessible, no script at all, served with a strict
/// Content-Security-Policy (`default-src 'none'`; the one `<style>` element is allowed by its SHA-256 hash).
enum WebFormPage {
    /// The values a visitor typed, put back into the form after an error.
    struct Values {
        var name = ""
        var email = ""
        var subject = ""
        var message = ""
    }

    static let stylesheet = """
        body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
        label{display:block;margin-top:1rem;font-weight:600}
        input,textarea{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
        textarea{min-height:10rem}
        button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}
        .error{color:#a00;border:1px solid #a00;padding:.5rem 1rem}
        .trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
        """

    static func form(inboxID: Int64, inboxName: String, values: Values = Values(), error: (field: String?, message: String)? = nil)
        -> String
    {
        let escapedName = HTML.escape(inboxName)
        var errorBlock = ""
        if let error {
            let field = error.field.map { "<strong>\(HTML.escape(label(for: $0)))</strong>: " } ?? ""
            errorBlock = "<div class=\"error\" role=\"alert\" id=\"form-error\"><p>\(field)\(HTML.escape(error.message))</p></div>"
        }
        func invalid(_ field: String) -> String {
            error?.field == field ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : ""
        }
        return page(title: "Contact \(inboxName)", body: """
            <main>
            <h1>Contact \(escapedName)</h1>
            \(errorBlock)
            <form method="post" action="/forms/\(inboxID)" accept-charset="utf-8">
            <label for="name">Your name</label>
            <input id="name" name="name" type="text" maxlength="255" autocomplete="name" value="\(HTML.escape(values.name))"\(invalid("name"))>
            <label for="email">Your email address (required)</label>
            <input id="email" name="email" type="email" maxlength="254" required autocomplete="email" value="\(HTML.escape(values.email))"\(invalid("email"))>
            <label for="subject">Subject (required)</label>
            <input id="subject" name="subject" type="text" maxlength="998" required value="\(HTML.escape(values.subject))"\(invalid("subject"))>
            <label for="message">Message (required)</label>
            <textarea id="message" name="message" required\(invalid("message"))>\(HTML.escape(values.message))</textarea>
            <div class="trap" aria-hidden="true"><label for="website">Leave this field empty</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
            <button type="submit">Send</button>
            </form>
            </main>
            """)
    }

    static func thanks(inboxName: String, ticketNumber: Int64?) -> String {
        let reference = ticketNumber.map { " Your reference is <strong>#\($0)</strong>." } ?? ""
        return page(title: "Thank you", body: """
            <main>
            <h1>Thank you</h1>
            <p>Your message to \(HTML.escape(inboxName)) has been received.\(reference) We will answer by email.</p>
            </main>
            """)
    }

    static func notFound() -> String {
        page(title: "Form not found", body: "<main><h1>Form not found</h1><p>This contact form does not exist.</p></main>")
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>\(stylesheet)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }

    static func label(for field: String) -> String {
        switch field {
        case "name": "Your name"
        case "email", "requester.email": "Your email address"
        case "subject": "Subject"
        case "message", "message.body": "Message"
        default: field
        }
    }

    /// The Content-Security-Policy of these pages: nothing may load or run; forms post only to this site.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src '\(styleHash)'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// `sha256-…` of the exact stylesheet text, so no other inline style can apply.
    static let styleHash = "sha256-" + Data(SHA256.hash(data: Data(stylesheet.utf8))).base64EncodedString()

    static func response(_ html: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
