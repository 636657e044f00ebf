import Crypto
import Foundation

/// Per-ticket reply addresses: `support+t<ticket id>-<mac>@example.com`.
///
/// The mac is the first 10 bytes (20 hex digits) of HMAC-SHA256 over `"switchboard-reply:<ticket id>"` with the
/// installation's secret key, so nobody can guess the address of another ticket; an address whose mac does not
/// verify is treated as the plain inbox address.
public struct ReplyAddress: Sendable {
    private let secret: [UInt8]

    /// A codec with `secret` (at least 16 bytes; keep it stable across restarts or old reply addresses stop
    /// threading).
    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// The reply address of `ticketID` for the inbox address `base` (`local@domain`); `nil` when `base` is not an
    /// address.
    public func address(ticketID: Int64, base: String) -> String? {
        guard let (local, domain) = Self.split(base) else { return nil }
        let plainLocal = local.split(separator: "+", maxSplits: 1).first.map(String.init) ?? local
        return "\(plainLocal)+\(token(ticketID: ticketID))@\(domain)"
    }

    /// The token for `ticketID`: `t<id>-<20 hex digits>`.
    public func token(ticketID: Int64) -> String {
        "t\(ticketID)-\(mac(ticketID))"
    }

    /// The ticket id an address's `+token` names, or `nil` when it has no token or the token does not verify.
    public func ticketID(from address: String) -> Int64? {
        guard let (local, _) = Self.split(address), let plus = local.firstIndex(of: "+") else { return nil }
        let token = local[local.index(after: plus)...].lowercased()
        guard token.hasPrefix("t"), let dash = token.firstIndex(of: "-") else { return nil }
        let digits = token[token.index(after: token.startIndex)..<dash]
        guard (1...18).contains(digits.count), digits.allSatisfy(\.isASCII), let id = Int64(digits), id > 0
        else { return nil }
        let given = Array(token[token.index(after: dash)...].utf8)
        let expected = Array(mac(id).utf8)
        guard given.count == expected.count else { return nil }
        // Constant-time comparison.
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0 ? id : nil
    }

    /// `local+anything@domain` → `local@domain`, lower-cased; the address itself when it has no `+`.
    public static func baseAddress(of address: String) -> String {
        guard let (local, domain) = split(address) else { return address.lowercased() }
        let plain = local.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return "\(plain)@\(domain)".lowercased()
    }

    private func mac(_ ticketID: Int64) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Array("switchboard-reply:\(ticketID)".utf8), using: SymmetricKey(data: secret))
        return Array(code).prefix(10).map { String(format: "%02x", $0) }.joined()
    }

    private static func split(_ address: String) -> (String, String)? {
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = String(trimmed[..<at])
        let domain = String(trimmed[trimmed.index(after: at)...])
        guard !local.isEmpty, !domain.isEmpty else { return nil }
        return (local, domain)
    }
}
