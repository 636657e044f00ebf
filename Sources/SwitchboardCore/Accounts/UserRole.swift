/// What a user may do inside their account.
public enum UserRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Created the account; may do everything, including managing other owners.
    case owner
    /// Manages settings, users, teams and inboxes.
    case admin
    /// Works tickets: replies, notes, assigns, solves.
    case agent
    /// Sees tickets and adds internal notes only; cannot reply publicly or be assigned.
    case lightAgent = "light_agent"

    private var rank: Int {
        switch self {
        case .owner: 3
        case .admin: 2
        case .agent: 1
        case .lightAgent: 0
        }
    }

    public static func < (lhs: UserRole, rhs: UserRole) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes everything `other` may do.
    public func includes(_ other: UserRole) -> Bool { self >= other }

    /// Whether users with this role may send public replies to customers.
    public var canReplyPublicly: Bool { self != .lightAgent }

    /// Whether users with this role may be ticket assignees.
    public var canBeAssigned: Bool { self != .lightAgent }
}
