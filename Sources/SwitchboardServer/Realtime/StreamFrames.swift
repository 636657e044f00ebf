import Foundation
import SwitchboardCore

/// A text frame the server sends on `/api/v1/stream`.
///
/// - `{"type":"event","event":{…}}` — one committed event of the caller's account.
/// - `{"type":"pong"}` — the answer to a client's `{"type":"ping"}`.
/// - `{"type":"error","error":{"code","message","field"}}` — a bad client frame (the connection stays), or the
///   reason the server is about to close it (too slow, too far behind).
enum StreamServerFrame: Encodable, Sendable, Equatable {
    case event(Event)
    case pong
    case error(SwitchboardError)

    private enum CodingKeys: String, CodingKey { case type, event, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .event(let event):
            try container.encode("event", forKey: .type)
            try container.encode(EventWire(event), forKey: .event)
        case .pong:
            try container.encode("pong", forKey: .type)
        case .error(let error):
            try container.encode("error", forKey: .type)
            try container.encode(ErrorBody(error).error, forKey: .error)
        }
    }

    /// The frame as JSON text.
    func text() -> String {
        // Encoding these values cannot fail: every member is a plain string, number, date or JSONValue.
        let bytes = (try? APIJSON.encoder.encode(self)) ?? Array(#"{"type":"error"}"#.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A text frame a client sends: only `{"type":"ping"}` is understood.
enum StreamClientFrame: Equatable, Sendable {
    case ping

    /// Parses a client frame; throws `invalidInput` (field `type`) for anything but a JSON object with a known type.
    init(text: String) throws {
        struct Envelope: Decodable { var type: String }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(text.utf8)) else {
            throw SwitchboardError.invalid("type", "a frame must be a JSON object with a string \"type\"")
        }
        switch envelope.type {
        case "ping": self = .ping
        default: throw SwitchboardError.invalid("type", "unknown frame type; only \"ping\" is understood")
        }
    }
}
