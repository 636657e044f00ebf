// libFuzzer entry point for the MIME parser. Built by scripts/fuzz-mail-parser together with the
// SwitchboardMail sources into one module (swift-crypto is not linked: the portable SHA-256 is used).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func mailParserFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = MailParserLimits(maxMessageSize: 1 << 20, maxHeaderCount: 500, maxHeaderLineLength: 8_192,
                                  maxNestingDepth: 16, maxPartCount: 200)
    guard let mail = try? MailParser(limits: limits).parse(bytes) else { return 0 }
    // Touch every derived value so that all decoders and detectors run.
    _ = mail.text
    _ = mail.html.map(HTMLText.plainText(from:))
    for attachment in mail.attachments { _ = attachment.sha256 }
    for nested in mail.attachedMessages { _ = nested.subject; _ = nested.text }
    _ = try? JSONEncoder().encode(MailJSON(mail, sanitizeHTML: { $0 }))
    return 0
}
