import Crypto
import Foundation
import SwitchboardCore

/// Random secrets and their stored digests. Secrets come from the system CSPRNG; only SHA-256 hex is stored.
enum Secrets {
    /// `byteCount` random bytes from the system CSPRNG, as unpadded base64url.
    static func randomToken(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return base64URL(bytes)
    }

    /// Lower-case hex SHA-256 of the UTF-8 of `secret`.
    static func sha256Hex(_ secret: String) -> String {
        Hex.lowercase(Array(SHA256.hash(data: Array(secret.utf8))))
    }

    /// Unpadded base64url of `bytes`.
    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded base64url, or `nil` when it is not valid base64url.
    static func decodeBase64URL(_ text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            return nil
        }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = base64.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: base64)
    }
}
