import SQLKit
import SwitchboardCore

extension AttachmentRepository {
    /// The account's first attachment with this content hash, or `nil` when the account has none: `cid:` images
    /// are addressed by hash, and the lookup keeps another account's files out of reach.
    public func get(accountID: Int64, sha256: String, on db: any SQLDatabase) async throws -> Attachment? {
        let hash = sha256.lowercased()
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else { return nil }
        return try await db.raw("""
            SELECT \(Self.columns) FROM attachments
            WHERE account_id = \(bind: accountID) AND sha256 = \(bind: hash) ORDER BY id LIMIT 1
            """).first().map(Self.decode)
    }
}
