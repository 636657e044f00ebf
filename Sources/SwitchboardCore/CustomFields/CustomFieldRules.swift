import Foundation

/// The rules for custom field definitions and for the values tickets hold, pure and shared by every edge.
public enum CustomFieldRules {
    /// Most options of a dropdown.
    public static let maxOptions = 200
    /// Longest option, in characters.
    public static let maxOptionLength = 255
    /// Longest text value, in characters.
    public static let maxTextLength = 10_000
    /// Most definitions per account.
    public static let maxDefinitions = Validation.maxCustomFields

    /// A definition key: 1–64 lower-case ASCII letters, digits or `_`, starting with a letter.
    public static func key(_ raw: String, field: String = "key") throws -> String {
        let key = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...64).contains(key.count), let first = key.unicodeScalars.first, ("a"..."z").contains(first),
            key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw SwitchboardError.invalid(
                field, "must be 1–64 lower-case letters, digits or '_', starting with a letter")
        }
        return key
    }

    /// Dropdown options: trimmed, non-empty, unique, at most ``maxOptions``; must be empty for other types and
    /// non-empty for a dropdown.
    public static func options(_ raw: [String], type: CustomFieldType, field: String = "options") throws -> [String] {
        guard type == .dropdown else {
            guard raw.isEmpty else { throw SwitchboardError.invalid(field, "only dropdown fields have options") }
            return []
        }
        guard !raw.isEmpty else { throw SwitchboardError.invalid(field, "a dropdown needs at least one option") }
        guard raw.count <= maxOptions else { throw SwitchboardError.invalid(field, "at most \(maxOptions) options") }
        var seen = Set<String>()
        var result: [String] = []
        for (index, option) in raw.enumerated() {
            let value = try Validation.text(option, field: "\(field)[\(index)]", maxLength: maxOptionLength)
            guard seen.insert(value).inserted else {
                throw SwitchboardError.invalid("\(field)[\(index)]", "options must be unique")
            }
            result.append(value)
        }
        return result
    }

    /// Checks `changes` (a PATCH of `custom_fields`, `.null` removes a value) against the account's definitions,
    /// on top of the ticket's current `values`.
    ///
    /// When the account has no definitions at all, values are free-form (only the generic limits apply): this keeps
    /// API clients that predate definitions working. Otherwise every key must name an active definition and each
    /// value must have its type (a dropdown value must be one of the options); removing (`null`) is always allowed.
    /// Throws `.invalidInput` with field `custom_fields.<key>` and a message naming the field's label.
    public static func validate(
        _ changes: [String: CustomFieldValue], definitions: [CustomFieldDefinition]
    ) throws -> [String: CustomFieldValue] {
        if definitions.isEmpty { return changes }
        let byKey = Dictionary(definitions.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [String: CustomFieldValue] = [:]
        for key in changes.keys.sorted() {
            let value = changes[key] ?? .null
            let field = "custom_fields.\(key.prefix(64))"
            if case .null = value {
                result[key] = .null
                continue
            }
            guard let definition = byKey[key], definition.isActive else {
                throw SwitchboardError.invalid(field, "there is no active custom field '\(key.prefix(64))'")
            }
            result[key] = try checked(value, for: definition, field: field)
        }
        return result
    }

    /// The active definitions marked required-on-solve that have no value in `values`.
    public static func missingForSolve(
        _ values: [String: CustomFieldValue], definitions: [CustomFieldDefinition]
    ) -> [CustomFieldDefinition] {
        definitions.filter { definition in
            guard definition.isActive, definition.requiredOnSolve else { return false }
            switch values[definition.key] {
            case nil, .null: return true
            case .string(let text): return text.trimmingCharacters(in: .whitespaces).isEmpty
            case .bool(let flag): return definition.type == .checkbox && !flag
            case .number: return false
            }
        }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    /// Throws `.invalidInput` (field `custom_fields.<key>`) naming every required field still empty.
    public static func requireForSolve(
        _ values: [String: CustomFieldValue], definitions: [CustomFieldDefinition]
    ) throws {
        let missing = missingForSolve(values, definitions: definitions)
        guard let first = missing.first else { return }
        let labels = missing.map { "'\($0.label)'" }.joined(separator: ", ")
        throw SwitchboardError.invalid(
            "custom_fields.\(first.key)",
            "fill in \(labels) before solving: \(missing.count == 1 ? "it is" : "they are") required")
    }

    /// The value, checked against the definition's type; a `YYYY-MM-DD` date must be a real calendar day.
    public static func checked(
        _ value: CustomFieldValue, for definition: CustomFieldDefinition, field: String
    ) throws -> CustomFieldValue {
        let label = definition.label
        switch (definition.type, value) {
        case (.text, .string(let text)):
            guard text.count <= maxTextLength else {
                throw SwitchboardError.invalid(field, "'\(label)' must be at most \(maxTextLength) characters")
            }
            guard !text.unicodeScalars.contains(where: { $0.value == 0 }) else {
                throw SwitchboardError.invalid(field, "'\(label)' must not contain NUL characters")
            }
            return value
        case (.number, .number(let number)):
            guard number.isFinite else { throw SwitchboardError.invalid(field, "'\(label)' must be a finite number") }
            return value
        case (.checkbox, .bool):
            return value
        case (.date, .string(let text)):
            guard isCalendarDay(text) else {
                throw SwitchboardError.invalid(field, "'\(label)' must be a date as YYYY-MM-DD")
            }
            return value
        case (.dropdown, .string(let text)):
            guard definition.options.contains(text) else {
                throw SwitchboardError.invalid(
                    field, "'\(label)' must be one of: " + definition.options.prefix(20).joined(separator: ", "))
            }
            return value
        case (.text, _), (.date, _), (.dropdown, _):
            throw SwitchboardError.invalid(field, "'\(label)' must be a string")
        case (.number, _):
            throw SwitchboardError.invalid(field, "'\(label)' must be a number")
        case (.checkbox, _):
            throw SwitchboardError.invalid(field, "'\(label)' must be true or false")
        }
    }

    /// Whether `text` is `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar (years 1–9999).
    public static func isCalendarDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            year >= 1, (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
