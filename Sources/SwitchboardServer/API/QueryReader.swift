import Foundation
import Hummingbird
import SwitchboardCore

/// Reads and validates query parameters; every problem is a 400 naming the parameter.
///
/// Lists accept comma-separated values and repeated parameters alike (`?status=new,open` or
/// `?status=new&status=open`).
struct QueryReader {
    let parameters: Parameters

    init(_ request: Request) {
        self.parameters = request.uri.queryParameters
    }

    /// The raw value, trimmed; `nil` when absent or empty.
    func string(_ name: String, maxLength: Int = 1000) throws -> String? {
        guard let value = parameters.get(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        guard value.count <= maxLength else {
            throw SwitchboardError.invalid(name, "must be at most \(maxLength) characters")
        }
        return value
    }

    /// Every comma-separated value of every occurrence, trimmed, empty ones dropped.
    func list(_ name: String) throws -> [String] {
        let values = parameters.getAll(name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard values.count <= 100 else { throw SwitchboardError.invalid(name, "at most 100 values") }
        return values
    }

    func enums<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws -> [E]
    where E.RawValue == String {
        try list(name).map { raw in
            guard let value = E(rawValue: raw) else {
                throw SwitchboardError.invalid(
                    name, "must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return value
        }
    }

    func ids(_ name: String) throws -> [Int64] {
        try list(name).map { try Self.id($0, field: name) }
    }

    static func id(_ raw: String, field: String) throws -> Int64 {
        guard raw.utf8.count <= 19, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int64(raw),
            value > 0
        else {
            throw SwitchboardError.invalid(field, "must be positive integer ids")
        }
        return value
    }

    func date(_ name: String) throws -> Date? {
        guard let raw = try string(name, maxLength: 64) else { return nil }
        guard let date = APIJSON.parseDate(raw) else {
            throw SwitchboardError.invalid(name, "must be an ISO 8601 timestamp such as 2026-11-22T10:00:00Z")
        }
        return date
    }

    /// `limit`: 1–100, default 25.
    func limit(default defaultValue: Int = 25, maximum: Int = 100) throws -> Int {
        guard let raw = try string("limit", maxLength: 10) else { return defaultValue }
        guard let value = Int(raw), (1...maximum).contains(value) else {
            throw SwitchboardError.invalid("limit", "must be a whole number from 1 to \(maximum)")
        }
        return value
    }

    /// `cursor`: an opaque string from a previous page.
    func cursor() throws -> String? {
        guard let raw = try string("cursor", maxLength: 512) else { return nil }
        guard raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw SwitchboardError.invalid("cursor", "is not a valid cursor")
        }
        return raw
    }
}
