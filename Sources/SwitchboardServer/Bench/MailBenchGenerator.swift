import Foundation
import SwitchboardStorage

/// Deterministic raw mails for the ingest half of `switchboard bench mail`, shaped like a support mailbox:
/// about 2,000 senders; plain text, multipart/alternative text + HTML, and now and then a base64 attachment;
/// a third are replies (`In-Reply-To` an earlier message of the same sender, `Re:` subject).
public struct MailBenchGenerator: Sendable {
    public let count: Int
    public let recipient: String
    public let seed: UInt64

    public init(count: Int, recipient: String, seed: UInt64 = 7) {
        self.count = count
        self.recipient = recipient
        self.seed = seed
    }

    static let topics = [
        "Order not delivered", "Refund for a damaged item", "Cannot log in to my account", "Invoice has the wrong VAT",
        "Change of delivery address", "Subscription renewal question", "App crashes on start", "Missing parts",
        "Password reset link expired", "Wrong size received", "Charged twice", "How do I export my data?",
    ]
    static let sentences = [
        "I ordered last week and the tracking page has not changed since Tuesday.",
        "Could you please check what happened and let me know when I can expect it?",
        "The box arrived with a crushed corner and the screen inside is cracked.",
        "I have attached a photo of the label so you can see the order number.",
        "When I try to sign in, the page reloads and asks for my password again.",
        "Our accounting team needs a corrected invoice before the end of the month.",
        "This is the second time I write about this, so a quick answer would be appreciated.",
        "Thanks in advance for your help, and have a nice day.",
    ]

    /// The messages, in delivery order.
    public func messages() -> [[UInt8]] {
        var random = BenchRandom(seed: seed)
        var lastBySender: [Int: (messageID: String, subject: String)] = [:]
        var result: [[UInt8]] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let sender = random.below(2_000)
            let messageID = "bench-\(seed)-\(index)@customer.invalid"
            var subject = Self.topics[random.below(Self.topics.count)] + " (\(sender))"
            var threading: [String] = []
            if let last = lastBySender[sender], random.below(3) == 0 {
                subject = "Re: " + last.subject
                threading = ["In-Reply-To: <\(last.messageID)>", "References: <\(last.messageID)>"]
            }
            lastBySender[sender] = (messageID, subject)
            let sentences = (0..<(3 + random.below(6))).map { _ in
                Self.sentences[random.below(Self.sentences.count)]
            }
            let text = sentences.joined(separator: " ") + "\r\n\r\nBest regards,\r\nCustomer \(sender)\r\n"
            var headers = [
                "From: Customer \(sender) <customer\(sender)@mail\(sender % 40).example>", "To: \(recipient)",
                "Subject: \(subject)", "Date: Mon, 23 Nov 2026 10:\(String(format: "%02d", index % 60)):00 +0000",
                "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
            ] + threading
            let shape = random.below(10)
            var body: String
            if shape < 5 {
                headers.append("Content-Type: text/plain; charset=utf-8")
                headers.append("Content-Transfer-Encoding: 8bit")
                body = text
            } else {
                let boundary = "b\(index)"
                let kind = shape == 9 ? "mixed" : "alternative"
                headers.append("Content-Type: multipart/\(kind); boundary=\"\(boundary)\"")
                let html = "<html><body><p>" + sentences.joined(separator: "</p><p>")
                    + "</p><p>Best regards,<br>Customer \(sender)</p></body></html>"
                body = "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(text)\r\n"
                    + "--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\(html)\r\n"
                if shape == 9 {
                    var bytes = [UInt8](repeating: 0, count: 12_000)
                    for position in bytes.indices { bytes[position] = UInt8(truncatingIfNeeded: random.next()) }
                    let encoded = Data(bytes).base64EncodedString(
                        options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
                    body += "--\(boundary)\r\nContent-Type: image/png; name=\"photo-\(index).png\"\r\n"
                        + "Content-Disposition: attachment; filename=\"photo-\(index).png\"\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n\(encoded)\r\n"
                }
                body += "--\(boundary)--\r\n"
            }
            result.append(Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8))
        }
        return result
    }
}
