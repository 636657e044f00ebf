import Crypto
import Foundation
import SwitchboardCore

/// Seals IMAP passwords before they are stored: ChaCha20-Poly1305 under a 256-bit key kept in
/// `<data_dir>/imap-password.key` (created once, mode 0600, like `mail-reply.key`). The inbox is bound into the
/// authenticated data, so a sealed password copied to another row does not open. The database alone never
/// reveals a password; back up the key file together with the database.
public struct IMAPPasswordSealer: Sendable {
    static let fileName = "imap-password.key"
    static let prefix = "v1:"
    /// The raw key (`SymmetricKey` is not `Sendable`, so it is made on use).
    let keyBytes: [UInt8]

    init(key: [UInt8]) {
        self.keyBytes = key
    }

    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// The sealer whose key is in `<dataDirectory>/imap-password.key`, creating the key on first use.
    /// Throws ``SwitchboardError`` `.internalError` when the file cannot be read or written.
    public static func load(dataDirectory: String) throws -> IMAPPasswordSealer {
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if let key = try readKey(path) { return IMAPPasswordSealer(key: key) }
        let files = FileManager.default
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let temporary = path + ".\(UUID().uuidString.lowercased()).tmp"
        do {
            try files.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            guard files.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else { throw SwitchboardError(.internalError, "cannot write \(temporary)") }
            // A hard link is atomic and fails when the key exists: two processes starting at once agree on one key.
            try? files.linkItem(atPath: temporary, toPath: path)
            try? files.removeItem(atPath: temporary)
        } catch {
            throw SwitchboardError(.internalError, "cannot create the IMAP password key in \(dataDirectory)")
        }
        guard let key = try readKey(path) else {
            throw SwitchboardError(.internalError, "cannot create the IMAP password key in \(dataDirectory)")
        }
        return IMAPPasswordSealer(key: key)
    }

    /// A sealer with a random key held in memory only (tests that build dependencies by hand).
    public static func ephemeral() -> IMAPPasswordSealer {
        var generator = SystemRandomNumberGenerator()
        return IMAPPasswordSealer(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private static func readKey(_ path: String) throws -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard data.count == 32 else {
            throw SwitchboardError(.internalError, "the IMAP password key \(path) is not 32 bytes")
        }
        return Array(data)
    }

    static func context(accountID: Int64, inboxID: Int64) -> Data {
        Data("switchboard imap password \(accountID) \(inboxID)".utf8)
    }

    /// `password` sealed for one inbox, as text for the database.
    public func seal(_ password: String, accountID: Int64, inboxID: Int64) throws -> String {
        do {
            let box = try ChaChaPoly.seal(
                Data(password.utf8), using: key, authenticating: Self.context(accountID: accountID, inboxID: inboxID))
            return Self.prefix + box.combined.base64EncodedString()
        } catch {
            throw SwitchboardError(.internalError, "cannot seal the IMAP password")
        }
    }

    /// The password sealed by ``seal(_:accountID:inboxID:)``; `.internalError` when the key does not fit
    /// (the key file was replaced) or the text was altered.
    public func open(_ sealed: String, accountID: Int64, inboxID: Int64) throws -> String {
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count)))
        else { throw SwitchboardError(.internalError, "the stored IMAP password is not readable") }
        do {
            let box = try ChaChaPoly.SealedBox(combined: data)
            let plain = try ChaChaPoly.open(
                box, using: key, authenticating: Self.context(accountID: accountID, inboxID: inboxID))
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw SwitchboardError(
                .internalError, "the stored IMAP password does not open with \(Self.fileName); set it again")
        }
    }
}

extension IMAPPasswordSealer: CustomStringConvertible, CustomReflectable {
    /// Never the key: service descriptions and reflection end up in logs.
    public var description: String { "IMAPPasswordSealer(key: redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
