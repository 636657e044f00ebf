import Foundation
import SwitchboardCore

/// `CustomField`: `{id, key, label, type, options, required_on_solve, position, active, created_at, updated_at}`.
public struct CustomFieldWire: Codable, Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var label: String
    public var type: CustomFieldType
    public var options: [String]
    public var requiredOnSolve: Bool
    public var position: Int
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, key, label, type, options, position, active
        case requiredOnSolve = "required_on_solve", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(_ definition: CustomFieldDefinition) {
        id = definition.id
        key = definition.key
        label = definition.label
        type = definition.type
        options = definition.options
        requiredOnSolve = definition.requiredOnSolve
        position = definition.position
        active = definition.isActive
        createdAt = definition.createdAt
        updatedAt = definition.updatedAt
    }
}
