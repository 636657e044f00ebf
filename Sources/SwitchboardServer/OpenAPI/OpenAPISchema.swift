import SwitchboardCore

/// Small builders for the JSON Schema (2020-12, as OpenAPI 3.1 uses it) of the API document.
enum Schema {
    /// `{"$ref": "#/components/schemas/<name>"}`.
    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// The schema, or `null`.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        if case .object(var object) = schema, case .string(let type) = object["type"] {
            object["type"] = [.string(type), "null"]
            if case .array(let values) = object["enum"] { object["enum"] = .array(values + [.null]) }
            return .object(object)
        }
        return ["anyOf": [schema, ["type": "null"]]]
    }

    /// A string, optionally bounded and formatted.
    static func string(
        minLength: Int? = nil, maxLength: Int? = nil, format: String? = nil, pattern: String? = nil,
        description: String? = nil
    ) -> JSONValue {
        var object: [String: JSONValue] = ["type": "string"]
        if let minLength { object["minLength"] = .number(Double(minLength)) }
        if let maxLength { object["maxLength"] = .number(Double(maxLength)) }
        if let format { object["format"] = .string(format) }
        if let pattern { object["pattern"] = .string(pattern) }
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// One of the given strings.
    static func enumeration(_ values: [String], description: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["type": "string", "enum": .array(values.map(JSONValue.string))]
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// The raw values of a string enum.
    static func enumeration<E: CaseIterable & RawRepresentable>(_ type: E.Type, description: String? = nil)
        -> JSONValue where E.RawValue == String
    {
        enumeration(type.allCases.map(\.rawValue), description: description)
    }

    /// An integer (int64), optionally bounded.
    static func integer(minimum: Int? = nil, maximum: Int? = nil, description: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["type": "integer", "format": "int64"]
        if let minimum { object["minimum"] = .number(Double(minimum)) }
        if let maximum { object["maximum"] = .number(Double(maximum)) }
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// A positive integer id.
    static let id: JSONValue = integer(minimum: 1)
    /// An ISO 8601 UTC timestamp such as `2026-11-22T10:00:00.123Z`.
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    /// `true` or `false`.
    static let boolean: JSONValue = ["type": "boolean"]
    /// Any JSON number.
    static let number: JSONValue = ["type": "number"]
    /// Any JSON value.
    static let any: JSONValue = [:]

    /// An array of `items`.
    static func array(_ items: JSONValue, maxItems: Int? = nil, uniqueItems: Bool = false) -> JSONValue {
        var object: [String: JSONValue] = ["type": "array", "items": items]
        if let maxItems { object["maxItems"] = .number(Double(maxItems)) }
        if uniqueItems { object["uniqueItems"] = true }
        return .object(object)
    }

    /// An object with the given properties; `required` lists the keys that must be present.
    /// `closed` forbids other keys (used for responses, whose shape is exact).
    static func object(
        _ properties: KeyValuePairs<String, JSONValue>, required: [String] = [], closed: Bool = false,
        description: String? = nil
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": "object",
            "properties": .object(Dictionary(properties.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })),
        ]
        if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
        if closed { object["additionalProperties"] = false }
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// A response object whose every listed property is required (the API always sends all of them).
    static func response(_ properties: KeyValuePairs<String, JSONValue>, description: String? = nil) -> JSONValue {
        object(properties, required: properties.map(\.key), closed: true, description: description)
    }

    /// An object whose keys are free and whose values follow `values`.
    static func map(_ values: JSONValue, maxProperties: Int? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["type": "object", "additionalProperties": values]
        if let maxProperties { object["maxProperties"] = .number(Double(maxProperties)) }
        return .object(object)
    }
}
