import SQLKit
import SwitchboardCore

extension SQLRow {
    /// A TEXT column holding an enum's raw value; an unknown value is reported as an internal error.
    func enumValue<E: RawRepresentable>(_ column: String, as type: E.Type = E.self) throws -> E
    where E.RawValue == String {
        let raw = try decode(column: column, as: String.self)
        guard let value = E(rawValue: raw) else {
            throw SwitchboardError(.internalError, "stored value of \(column) is not recognised")
        }
        return value
    }

    /// A nullable TEXT column holding an enum's raw value.
    func optionalEnumValue<E: RawRepresentable>(_ column: String, as type: E.Type = E.self) throws -> E?
    where E.RawValue == String {
        guard let raw = try decode(column: column, as: String?.self) else { return nil }
        guard let value = E(rawValue: raw) else {
            throw SwitchboardError(.internalError, "stored value of \(column) is not recognised")
        }
        return value
    }

    /// An INTEGER column as `Int`.
    func int(_ column: String) throws -> Int {
        Int(try decode(column: column, as: Int64.self))
    }
}
