import Foundation
import SwitchboardCore

/// The OpenAPI 3.1 document of the REST API, built from ``OpenAPIPaths`` and ``OpenAPIComponents``.
public enum OpenAPIDocument {
    /// The API version in `info.version`.
    public static let version = "1.0.0"

    /// Every documented route as `(METHOD, path template)`, e.g. `("GET", "/api/v1/tickets/{id}")`.
    public static var routes: [(method: String, path: String)] {
        OpenAPIPaths.all.map { ($0.method.uppercased(), $0.path) }
    }

    /// The document as a JSON value.
    public static func make() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in OpenAPIPaths.all {
            paths[operation.path, default: [:]][operation.method] = operation.render()
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Switchboard API",
                "version": .string(version),
                "description": """
                    REST API of Switchboard, an open-source help desk. JSON with snake_case keys; timestamps are \
                    ISO 8601 UTC; ids are integers. Errors are {"error": {"code", "message", "field"}}. Lists take \
                    limit (1–100) and cursor and answer {"items", "next_cursor"}.
                    """,
                "license": ["name": "Apache-2.0", "identifier": "Apache-2.0"],
            ],
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "servers": [["url": "/"]],
            "security": [["bearer": []], ["cookie": []]],
            "tags": .array(tags.map { ["name": .string($0)] }),
            "paths": .object(paths.mapValues { JSONValue.object($0) }),
            "components": [
                "schemas": .object(OpenAPIComponents.schemas),
                "responses": OpenAPIResponses.components,
                "securitySchemes": OpenAPIComponents.securitySchemes,
            ],
        ]
    }

    /// The document encoded once as JSON bytes (sorted keys).
    public static let json: [UInt8] = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: it holds only JSON types.
        return Array((try? encoder.encode(make())) ?? Data("{}".utf8))
    }()

    private static var tags: [String] {
        var seen: [String] = []
        for operation in OpenAPIPaths.all where !seen.contains(operation.tag) { seen.append(operation.tag) }
        return seen
    }
}
