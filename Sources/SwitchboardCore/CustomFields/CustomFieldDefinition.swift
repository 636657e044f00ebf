import Foundation

/// The kind of value a custom field holds.
public enum CustomFieldType: String, Sendable, Codable, CaseIterable {
    /// Free text (a JSON string).
    case text
    /// A finite number (a JSON number).
    case number
    /// Yes or no (a JSON boolean).
    case checkbox
    /// A calendar day, `YYYY-MM-DD` (a JSON string).
    case date
    /// One of the definition's `options` (a JSON string).
    case dropdown
}

/// An account's definition of one ticket custom field: what `custom_fields[key]` may hold.
public struct CustomFieldDefinition: Sendable, Codable, Equatable {
    public var id: Int64
    public var accountID: Int64
    /// The key used in `tickets.custom_fields`: 1–64 lower-case letters, digits or `_`, unique per account.
    public var key: String
    /// What agents see.
    public var label: String
    public var type: CustomFieldType
    /// The allowed values of a `dropdown` (empty for other types).
    public var options: [String]
    /// When `true`, a ticket cannot be solved while the field is empty.
    public var requiredOnSolve: Bool
    /// Display order (ascending).
    public var position: Int
    /// Inactive definitions are kept for history but neither shown nor accepted in new values.
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, accountID: Int64, key: String, label: String, type: CustomFieldType, options: [String] = [],
        requiredOnSolve: Bool = false, position: Int = 0, isActive: Bool = true, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.key = key
        self.label = label
        self.type = type
        self.options = options
        self.requiredOnSolve = requiredOnSolve
        self.position = position
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
