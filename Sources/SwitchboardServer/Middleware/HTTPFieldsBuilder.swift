import HTTPTypes
import Hummingbird

/// Small helper to assemble the extra headers of an error answer.
struct HTTPFieldsBuilder {
    var fields: HTTPFields = [:]

    var retryAfter: Int? {
        get { fields[.retryAfter].flatMap { Int($0) } }
        set { fields[.retryAfter] = newValue.map(String.init) }
    }
}
