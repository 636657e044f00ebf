import SwitchboardCore

/// One page of a list, and the cursor for the next page (`nil` on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Opaque; pass it back to get the next page. `nil` when there are no more items.
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Equatable where Item: Equatable {}

/// Checks a page size: 1…`maximum`, else `.invalidInput` (field `limit`).
func checkedLimit(_ limit: Int, maximum: Int = 100) throws -> Int {
    guard (1...maximum).contains(limit) else {
        throw SwitchboardError.invalid("limit", "must be between 1 and \(maximum)")
    }
    return limit
}
