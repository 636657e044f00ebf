/// A value in a server response: an atom (also numbers, flags and `BODY[…]` names), a string (quoted or
/// literal, as bytes), NIL, or a parenthesised list.
public enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case string([UInt8])
    case null
    case list([IMAPValue])

    /// The atom as a non-negative number, or nil.
    public var number: UInt64? {
        guard case .atom(let text) = self, !text.isEmpty, text.utf8.count <= 20 else { return nil }
        return UInt64(text)
    }

    /// The atom's text or the string decoded as UTF-8; nil for NIL and lists.
    public var text: String? {
        switch self {
        case .atom(let text): text
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .null, .list: nil
        }
    }
}

/// The status part of an OK/NO/BAD/BYE/PREAUTH response: the optional `[CODE …]` and the human text.
public struct IMAPStatus: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
    }

    public var kind: Kind
    /// The response code's name, upper-cased (`UIDVALIDITY`, `TRYCREATE`, `READ-WRITE`), or nil.
    public var code: String?
    /// The response code's arguments.
    public var codeArguments: [IMAPValue]
    public var text: String

    public init(kind: Kind, code: String? = nil, codeArguments: [IMAPValue] = [], text: String) {
        self.kind = kind
        self.code = code
        self.codeArguments = codeArguments
        self.text = text
    }
}

/// The attributes of one `* n FETCH (…)` response that the client uses.
public struct IMAPFetch: Sendable, Equatable {
    public var sequence: UInt32
    public var uid: UInt32?
    public var size: Int?
    public var flags: [String]?
    /// `BODY[]` (the whole message), or nil when it was not fetched or was NIL.
    public var body: [UInt8]?
    /// `BODY[HEADER]` (the header section only), or nil when it was not fetched or was NIL.
    public var header: [UInt8]?

    public init(
        sequence: UInt32, uid: UInt32? = nil, size: Int? = nil, flags: [String]? = nil, body: [UInt8]? = nil,
        header: [UInt8]? = nil
    ) {
        self.sequence = sequence
        self.uid = uid
        self.size = size
        self.flags = flags
        self.body = body
        self.header = header
    }
}

/// An untagged (`*`) response.
public enum IMAPUntagged: Sendable, Equatable {
    case status(IMAPStatus)
    case capability([String])
    case flags([String])
    case exists(UInt32)
    case recent(UInt32)
    case expunge(UInt32)
    case fetch(IMAPFetch)
    case search([UInt32])
    /// Anything else (LIST, STATUS, ENABLED, …): its keyword upper-cased and the raw rest of the first line.
    case other(String, String)
}

/// One server response.
public enum IMAPResponse: Sendable, Equatable {
    /// `+ text`: the server waits for a literal or an authentication step.
    case continuation(String)
    case untagged(IMAPUntagged)
    /// The completion of the command with this tag.
    case tagged(String, IMAPStatus)
}
