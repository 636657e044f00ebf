import Foundation
import Hummingbird
import SwitchboardCore

/// The body of `POST /tickets/{id}/presence`: `{"typing": true}` or `{"typing": false}`.
///
/// `typing` may be left out or `null` (not typing), and an empty body means the same; other members are ignored.
/// Anything else — not JSON, not an object, `typing` not a boolean, a `Content-Type` other than JSON — is refused
/// with 400 naming the problem (413 beyond ``maxBytes``), before anything is recorded.
struct PresenceBeatBody: Decodable, Sendable {
    /// Largest body accepted; a heartbeat is a dozen bytes.
    static let maxBytes = 1024

    var typing: Bool?

    /// Reads and validates the body of `request`.
    static func read(_ request: Request) async throws -> PresenceBeatBody {
        if let contentType = request.headers[.contentType] {
            let media = contentType.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            guard media == "application/json" else {
                throw SwitchboardError(.invalidInput, "the request body must be JSON (Content-Type: application/json)")
            }
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw SwitchboardError(.tooLarge, "the request body must be at most \(maxBytes) bytes")
        }
        guard buffer.readableBytes > 0 else { return PresenceBeatBody(typing: nil) }
        do {
            return try APIJSON.decoder.decode(PresenceBeatBody.self, from: buffer)
        } catch let error as DecodingError {
            throw DecodingErrorTranslation.translate(error)
        }
    }
}
