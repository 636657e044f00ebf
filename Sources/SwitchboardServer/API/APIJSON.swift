import Foundation
import Hummingbird
import SwitchboardCore

/// The JSON encoder and decoder of the API: ISO 8601 UTC timestamps with milliseconds, sorted keys.
public enum APIJSON {
    /// Formats a date as `2026-11-22T10:00:00.123Z` (``APITimestamp``).
    public static func format(_ date: Date) -> String {
        APITimestamp.format(date)
    }

    /// Parses an ISO 8601 timestamp with or without fractional seconds; `nil` when it is not one.
    public static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// The encoder for API responses: sorted keys, unescaped slashes, dates as ``format(_:)`` writes them — the
    /// bytes `JSONEncoder` wrote with those settings, at a fraction of its cost (``SortedJSONEncoder``).
    public static let encoder = SortedJSONEncoder(formatDate: APITimestamp.format)

    /// The decoder for API requests, made once and shared: never change its settings.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "must be an ISO 8601 timestamp")
            }
            return date
        }
        return decoder
    }()

    /// Encodes `value` into a JSON response with `status`.
    public static func response(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        bytesResponse(try encoder.encode(value), status: status, headers: headers)
    }

    /// A JSON response from already encoded bytes.
    public static func bytesResponse(
        _ bytes: [UInt8], status: HTTPResponse.Status, headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(bytes.count)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension SortedJSONEncoder: ResponseEncoder {
    /// A value a route returns, as a `200 OK` JSON response.
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        APIJSON.bytesResponse(try encode(value), status: .ok)
    }
}
