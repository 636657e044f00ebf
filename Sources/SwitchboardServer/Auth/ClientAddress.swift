import Foundation
import HTTPTypes
import Hummingbird

/// The client's address for throttling: the first `X-Forwarded-For` entry behind a trusted proxy, else the TCP
/// peer, else `unknown` (in-process tests).
enum ClientAddress {
    static func of(_ request: Request, context: AppRequestContext, trustProxy: Bool) -> String {
        if trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
            let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
            !first.isEmpty, first.utf8.count <= 64
        {
            return first
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
