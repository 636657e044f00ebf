import Foundation
import SwitchboardCore
import SwitchboardStorage

/// `SavedView` as the API shows it: `{id, name, shared, owner_id, filters, sort, created_at, updated_at}`.
struct ViewWire: Codable, Sendable, Equatable {
    var id: Int64
    var name: String
    var shared: Bool
    var ownerID: Int64?
    var filters: SavedViewFilters
    var sort: String
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, shared, filters, sort
        case ownerID = "owner_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ view: SavedView) {
        id = view.id
        name = view.name
        shared = view.ownerID == nil
        ownerID = view.ownerID
        filters = view.filters
        sort = view.sort.rawValue
        createdAt = view.createdAt
        updatedAt = view.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(shared, forKey: .shared)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(filters, forKey: .filters)
        try c.encode(sort, forKey: .sort)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// Request bodies of the view routes.
enum ViewRequests {
    struct Create: Decodable {
        var name: String
        /// Shared with the whole account (admins only); personal by default.
        var shared: Bool?
        var filters: SavedViewFilters?
        var sort: String?
    }

    struct Update: Decodable {
        var name: String?
        var filters: SavedViewFilters?
        var sort: String?
    }
}
