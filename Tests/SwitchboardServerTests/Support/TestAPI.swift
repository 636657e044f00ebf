import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import SwitchboardServer
import Testing

/// A thin client for the API under test.
struct TestAPI: Sendable {
    let client: any TestClientProtocol

    /// Sends a request. `as` authenticates with the user's API token; `json` is sent as the raw body with
    /// `Content-Type: application/json`.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, as caller: TestUser? = nil, json: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        if let caller { fields[.authorization] = "Bearer \(caller.token)" }
        if json != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await client.execute(
            uri: path, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }

    /// Sends a JSON value encoded like the API encodes.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, as caller: TestUser? = nil, body: some Encodable,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        let data = try JSONEncoder().encode(body)
        return try await send(method, path, as: caller, json: String(decoding: data, as: UTF8.self), headers: headers)
    }
}

extension TestResponse {
    /// The body decoded as `T` with the API's decoder.
    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try APIJSON.decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    var text: String { String(buffer: body) }
}

/// Checks an error answer: its status, and the body `{"error": {"code", "message", "field"}}`.
func expectError(
    _ response: TestResponse, _ status: HTTPResponse.Status, code: String, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "body: \(response.text)", sourceLocation: sourceLocation)
    guard let body = try? response.decode(ErrorBody.self) else {
        Issue.record("not the error shape: \(response.text)", sourceLocation: sourceLocation)
        return
    }
    #expect(body.error.code == code, "body: \(response.text)", sourceLocation: sourceLocation)
    #expect(!body.error.message.isEmpty, sourceLocation: sourceLocation)
    if let field {
        #expect(body.error.field == field, "body: \(response.text)", sourceLocation: sourceLocation)
    }
    #expect(response.text.contains("\"field\""), "field key always present", sourceLocation: sourceLocation)
}

/// JSON object literal helper: `json(["subject": "x"])` is not used; tests write JSON strings directly so that
/// malformed and mistyped bodies are easy to express.
enum Bodies {
    static func ticket(subject: String = "Printer on fire", email: String = "ann@customer.example", body: String = "Help!")
        -> String
    {
        #"{"subject": \#(quote(subject)), "requester": {"email": \#(quote(email)), "name": "Ann"}, "message": {"body": \#(quote(body))}}"#
    }

    static func quote(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
