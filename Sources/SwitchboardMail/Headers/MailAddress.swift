/// One mailbox: an address and an optional display name.
public struct MailAddress: Sendable, Hashable, Codable {
    /// The address (`local@domain`); may be an unusual form such as a URL in `List-*` headers.
    /// Empty when the header held only a name.
    public var address: String
    /// The decoded display name, or nil when there is none.
    public var name: String?

    /// Creates an address.
    public init(address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

/// A named group of addresses (`Friends: a@x, b@y;`). Addresses outside any group form groups with a
/// nil name.
public struct MailAddressGroup: Sendable, Hashable {
    /// The decoded group name, or nil for addresses outside a group.
    public var name: String?
    /// The members.
    public var addresses: [MailAddress]
}
