import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardStorage

/// `GET /attachments/{id}` and `GET /attachments/sha256/{hash}` (where sanitised HTML points `cid:` images):
/// the stored bytes of an attachment of the viewer's account, with the session of the web pages.
///
/// Another account's attachment (or a hash the account never received) is a 404. Only PNG, JPEG, GIF and WebP
/// are shown inline; everything else (SVG and HTML included) is a download. Every answer carries `nosniff` and
/// a sandboxing Content-Security-Policy, so a hostile file cannot run script on our origin.
struct WebAttachmentController: Sendable {
    let dependencies: AppDependencies

    /// Content types shown inline (in `<img>` previews and when opened).
    static let inlineTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]
    static let contentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

    func register(on routes: RouteCollection<AppRequestContext>) {
        routes.get("attachments/:id", use: byID)
        routes.get("attachments/sha256/:hash", use: byHash)
    }

    @Sendable func byID(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        guard let raw = context.parameters.get("id"), raw.utf8.count <= 19, let id = Int64(raw), id > 0 else {
            throw SwitchboardError(.notFound, "There is no such attachment.")
        }
        let accountID = viewer.accountID
        let attachment = try await dependencies.database.read { db in
            try await AttachmentRepository().get(accountID: accountID, id: id, on: db)
        }
        return try serve(attachment, request: request)
    }

    @Sendable func byHash(_ request: Request, context: AppRequestContext) async throws -> Response {
        let viewer = try WebViewer(context, request: request)
        let hash = context.parameters.get("hash") ?? ""
        guard hash.utf8.count == 64, hash.allSatisfy(\.isHexDigit) else {
            throw SwitchboardError(.notFound, "There is no such attachment.")
        }
        let accountID = viewer.accountID
        let attachment = try await dependencies.database.read { db in
            try await AttachmentRepository().get(accountID: accountID, sha256: hash, on: db)
        }
        return try serve(attachment, request: request)
    }

    private func serve(_ attachment: Attachment?, request: Request) throws -> Response {
        guard let attachment, let bytes = dependencies.email.store.read(sha256: attachment.sha256) else {
            throw SwitchboardError(.notFound, "There is no such attachment.")
        }
        let type = Self.contentType(attachment.contentType)
        var fields: HTTPFields = [:]
        fields[.contentType] = type
        fields[.contentDisposition] = Self.disposition(
            filename: attachment.filename, inline: Self.inlineTypes.contains(type))
        fields[.xContentTypeOptions] = "nosniff"
        fields[.contentSecurityPolicy] = Self.contentSecurityPolicy
        fields[HTTPField.Name("X-Frame-Options")!] = "DENY"
        fields[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        fields[.cacheControl] = "private, max-age=86400"
        let etag = "\"\(attachment.sha256)\""
        fields[.eTag] = etag
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            return Response(status: .notModified, headers: fields)
        }
        fields[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The stored type when it is a plain `type/subtype` token pair (lower-cased, parameters dropped), else
    /// `application/octet-stream`. Text types get `charset=utf-8` never: they are downloads anyway.
    static func contentType(_ raw: String) -> String {
        let media = raw.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let parts = media.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { part in
            !part.isEmpty && part.count <= 127
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$&^_.+-".contains($0)) }
        }
        guard parts.count == 2, token(parts[0]), token(parts[1]) else { return "application/octet-stream" }
        return media
    }

    /// `inline` or `attachment`, with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 8187).
    static func disposition(filename: String, inline: Bool) -> String {
        let cleaned = filename.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }
            .map(String.init).joined()
        let name = cleaned.isEmpty ? "attachment" : cleaned
        let ascii = String(name.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? $0 : "_" })
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "attachment"
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
