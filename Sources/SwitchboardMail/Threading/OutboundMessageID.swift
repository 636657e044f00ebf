/// Message-IDs for mail Switchboard sends: `sb.<ticket id>.<32 random hex digits>@<domain>`, unique without
/// coordination between instances (128 random bits).
public enum OutboundMessageID {
    /// A new Message-ID (without `<>`) for a mail on `ticketID`, under `domain` (the inbox address's domain).
    public static func make(ticketID: Int64, domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
        let host = domain.isEmpty ? "switchboard.invalid" : domain.lowercased()
        return "sb.\(ticketID).\(random)@\(host)"
    }

    /// The domain of an address (`support@example.com` → `example.com`), or `switchboard.invalid`.
    public static func domain(of address: String?) -> String {
        guard let address, let at = address.lastIndex(of: "@") else { return "switchboard.invalid" }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? "switchboard.invalid" : String(domain).lowercased()
    }
}
