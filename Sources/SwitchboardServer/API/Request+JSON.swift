import Foundation
import Hummingbird
import SwitchboardCore

extension Request {
    /// Decodes the JSON body as `T`, turning every decoding problem into a 400 that names the field.
    ///
    /// A body that is not declared as JSON answers 415; an empty or malformed body answers 400.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        if let contentType = headers[.contentType] {
            let media = contentType.split(separator: ";").first.map {
                $0.trimmingWhitespace().lowercased()
            } ?? ""
            guard media == "application/json" || media.hasSuffix("+json") else {
                throw APIError(
                    SwitchboardError(.invalidInput, "the request body must be JSON (Content-Type: application/json)"),
                    status: .unsupportedMediaType)
            }
        }
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw SwitchboardError(.invalidInput, "the request body must be a JSON object")
        }
        do {
            return try APIJSON.decoder.decode(T.self, from: buffer)
        } catch let error as DecodingError {
            throw DecodingErrorTranslation.translate(error)
        }
    }
}

/// Turns `DecodingError` into a ``SwitchboardError`` with the dotted path of the field (`requester.email`,
/// `tags[2]`) and a message that never echoes internal type names.
enum DecodingErrorTranslation {
    static func translate(_ error: DecodingError) -> SwitchboardError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context):
            return .invalid(path(context.codingPath), "must not be null")
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                return SwitchboardError(.invalidInput, "the request body must be a JSON object")
            }
            return .invalid(path(context.codingPath), "must be \(describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return SwitchboardError(.invalidInput, "the request body is not valid JSON")
            }
            let message = context.debugDescription.hasPrefix("must") ? context.debugDescription : "has an invalid value"
            return .invalid(path(context.codingPath), message)
        @unknown default:
            return SwitchboardError(.invalidInput, "the request body is not valid")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(index)" {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default:
            String(describing: type).hasPrefix("Array") ? "an array"
                : String(describing: type).hasPrefix("Dictionary") ? "an object" : "of the right type"
        }
    }
}
