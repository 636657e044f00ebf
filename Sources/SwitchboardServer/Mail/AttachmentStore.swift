import Crypto
import Foundation
import SwitchboardCore
#if canImport(Glibc)
import Glibc
#endif

/// Attachment bytes on disk, stored once by content hash: `<directory>/<h0h1>/<h2h3>/<sha256>`.
///
/// A file is written to `<directory>/tmp/`, fsynced, renamed into place (atomic), and its directory fsynced,
/// so a crash leaves either the whole file or none. Writing bytes that are already stored does nothing.
/// Files are written BEFORE the database commit that references them; an orphan left by a failed commit is
/// harmless (the same hash is reused by the next delivery) and can be collected with
/// `AttachmentRepository.isReferenced(sha256:)`.
public struct AttachmentStore: Sendable {
    /// The root directory (`attachments_dir`).
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The path of the file holding the bytes whose SHA-256 is `sha256` (64 lower-case hex digits).
    public func path(sha256: String) -> String {
        let hash = sha256.lowercased()
        let first = hash.prefix(2)
        let second = hash.dropFirst(2).prefix(2)
        return "\(directory)/\(first)/\(second)/\(hash)"
    }

    /// Stores `bytes` (unless already stored) and returns their lower-case hex SHA-256.
    /// Throws ``SwitchboardError`` `.unavailable` when the disk refuses.
    @discardableResult
    public func store(_ bytes: [UInt8]) throws -> String {
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let target = path(sha256: hash)
        if FileManager.default.fileExists(atPath: target) { return hash }
        let folder = (target as NSString).deletingLastPathComponent
        let temporaryFolder = "\(directory)/tmp"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: temporaryFolder, withIntermediateDirectories: true)
        } catch {
            throw SwitchboardError(.unavailable, "the attachment directory is not writable")
        }
        let temporary = "\(temporaryFolder)/\(hash).\(UUID().uuidString)"
        try Self.writeSynced(bytes, to: temporary)
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw SwitchboardError(.unavailable, "could not store an attachment")
        }
        Self.syncDirectory(folder)
        return hash
    }

    /// The stored bytes, or nil when there is no such file.
    public func read(sha256: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(sha256: sha256)).map { Array($0) }
    }

    private static func writeSynced(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        guard descriptor >= 0 else { throw SwitchboardError(.unavailable, "could not store an attachment") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress!.advanced(by: offset), bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                unlink(path)
                throw SwitchboardError(.unavailable, "could not store an attachment")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            unlink(path)
            throw SwitchboardError(.unavailable, "could not store an attachment")
        }
    }

    private static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
