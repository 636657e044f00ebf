import Foundation

extension ParsedMail {
    /// The stable JSON view of this message, with the HTML body sanitised by `sanitizer`.
    public func json(sanitizer: HTMLSanitizer = HTMLSanitizer()) -> MailJSON {
        MailJSON(self, sanitizeHTML: sanitizer.sanitize)
    }

    /// The JSON document (pretty-printed, keys sorted) of ``json(sanitizer:)``.
    public func jsonData(sanitizer: HTMLSanitizer = HTMLSanitizer()) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(json(sanitizer: sanitizer))
    }
}
