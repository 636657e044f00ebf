import HTTPTypes
import Hummingbird
import SwitchboardCore

/// A ``SwitchboardError`` with an explicit HTTP status or extra headers (415, 405 with `Allow`, 429 with
/// `Retry-After`). Most code throws `SwitchboardError` directly; this is for the few answers that need more.
public struct APIError: Error, Sendable {
    public var error: SwitchboardError
    public var status: HTTPResponse.Status?
    public var headers: HTTPFields

    public init(_ error: SwitchboardError, status: HTTPResponse.Status? = nil, headers: HTTPFields = [:]) {
        self.error = error
        self.status = status
        self.headers = headers
    }
}

/// The JSON body of every error answer: `{"error": {"code", "message", "field"}}` (`field` is `null` when the
/// error is not about one field).
public struct ErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var field: String?

        public init(code: String, message: String, field: String?) {
            self.code = code
            self.message = message
            self.field = field
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)
        }
    }

    public var error: Detail

    public init(_ error: SwitchboardError) {
        self.error = Detail(code: error.code.rawValue, message: error.message, field: error.field)
    }
}

extension SwitchboardError.Code {
    /// The HTTP status this code answers with.
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict, .invalidTransition: .conflict
        case .tooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }
}
