import SQLKit
import SwitchboardCore

extension CustomFieldRepository {
    /// `changes` (a ticket's `custom_fields` change) checked against the account's definitions; see
    /// ``CustomFieldRules/validate(_:definitions:)``. `.invalidInput` names `custom_fields.<key>`.
    public func checked(
        accountID: Int64, _ changes: [String: CustomFieldValue], on db: any SQLDatabase
    ) async throws -> [String: CustomFieldValue] {
        try CustomFieldRules.validate(changes, definitions: try await list(accountID: accountID, on: db))
    }

    /// Throws `.invalidInput` naming the required-on-solve fields that `values` leaves empty.
    public func requireForSolve(
        accountID: Int64, _ values: [String: CustomFieldValue], on db: any SQLDatabase
    ) async throws {
        try CustomFieldRules.requireForSolve(values, definitions: try await list(accountID: accountID, on: db))
    }
}
