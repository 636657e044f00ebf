import Foundation
import SwitchboardCore

/// Validation of API input shared by the controllers, on top of Core's ``Validation``.
enum InputRules {
    static func name(_ raw: String, field: String = "name") throws -> String {
        try Validation.text(raw, field: field, maxLength: Validation.maxNameLength)
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ raw: String, _ type: E.Type, field: String) throws -> E
    where E.RawValue == String {
        guard let value = E(rawValue: raw) else {
            throw SwitchboardError.invalid(field, "must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    static func id(_ value: Int64, field: String) throws -> Int64 {
        guard value > 0 else { throw SwitchboardError.invalid(field, "must be a positive integer id") }
        return value
    }

    /// A message body: non-empty after trimming, at most 1 MiB of UTF-8.
    static func body(_ raw: String, field: String) throws -> String {
        guard raw.utf8.count <= Validation.maxBodyBytes else {
            throw SwitchboardError.invalid(field, "must be at most \(Validation.maxBodyBytes) bytes")
        }
        let text = raw.trimmingWhitespaceAndNewlines()
        guard !text.isEmpty else { throw SwitchboardError.invalid(field, "must not be empty") }
        guard !text.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw SwitchboardError.invalid(field, "must not contain NUL characters")
        }
        return text
    }

    static func html(_ raw: String?, field: String) throws -> String? {
        guard let raw else { return nil }
        guard raw.utf8.count <= Validation.maxBodyBytes else {
            throw SwitchboardError.invalid(field, "must be at most \(Validation.maxBodyBytes) bytes")
        }
        return raw.trimmingWhitespaceAndNewlines().isEmpty ? nil : raw
    }

    /// Custom fields: at most 100, names of 1–64 lower-case letters, digits and `_`, string values ≤ 1000 chars.
    static func customFields(_ raw: [String: CustomFieldValue], field: String = "custom_fields") throws
        -> [String: CustomFieldValue]
    {
        guard raw.count <= Validation.maxCustomFields else {
            throw SwitchboardError.invalid(field, "at most \(Validation.maxCustomFields) custom fields")
        }
        for (key, value) in raw {
            guard (1...64).contains(key.count),
                key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            else {
                throw SwitchboardError.invalid(
                    "\(field).\(key.prefix(64))", "names are 1–64 lower-case letters, digits or '_'")
            }
            if case .string(let text) = value, text.count > 1000 {
                throw SwitchboardError.invalid("\(field).\(key)", "must be at most 1000 characters")
            }
            if case .number(let number) = value, !number.isFinite {
                throw SwitchboardError.invalid("\(field).\(key)", "must be a finite number")
            }
        }
        return raw
    }

    static func tags(_ raw: [String]?, field: String) throws -> [String]? {
        guard let raw else { return nil }
        return try Validation.tags(raw, field: field)
    }
}

extension KeyedDecodingContainer {
    /// For PATCH bodies: `nil` when the key is absent, `.some(nil)` when it is `null`, else the value.
    func decodePatch<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(T.self, forKey: key))
    }
}
