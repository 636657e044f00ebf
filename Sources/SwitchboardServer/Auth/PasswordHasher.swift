import HummingbirdBcrypt
import NIOPosix
import SwitchboardCore

/// bcrypt hashing and checking, run on NIO's blocking thread pool so request tasks are never stalled.
public struct PasswordHasher: Sendable {
    /// The bcrypt work factor for new hashes.
    public let cost: Int

    /// Shortest accepted password, in characters.
    public static let minimumLength = 8
    /// Longest accepted password, in UTF-8 bytes (bcrypt ignores everything after 72 bytes).
    public static let maximumBytes = 72

    public init(cost: Int) {
        self.cost = min(max(cost, 4), 31)
    }

    /// Checks that a new password is acceptable; throws `invalidInput` naming `field` otherwise.
    public static func validate(_ password: String, field: String = "password") throws {
        guard password.count >= minimumLength else {
            throw SwitchboardError.invalid(field, "must be at least \(minimumLength) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw SwitchboardError.invalid(field, "must be at most \(maximumBytes) bytes")
        }
    }

    /// A bcrypt hash of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = UInt8(self.cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. A missing hash (a user without a password) never matches, but costs
    /// the same time, so response times do not reveal which emails exist.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        guard password.utf8.count <= Self.maximumBytes else { return false }
        let matches = try await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(password, hash: hash ?? Self.dummyHash)
        }
        return hash != nil && matches
    }

    /// A bcrypt hash (default cost) of a fixed string, checked when there is nothing to check so that the answer
    /// takes as long as a real check. Computed once, on the thread pool, on first use.
    private static let dummyHash = Bcrypt.hash("switchboard timing equaliser", cost: 11)
}
