import Crypto
import Foundation

/// One static file of the web UI, embedded in the binary and served under an immutable, content-hashed URL.
public struct WebAsset: Sendable {
    /// The logical name used by templates (`app.css`).
    public let name: String
    /// The `Content-Type` it is served with.
    public let contentType: String
    /// The bytes served.
    public let bytes: [UInt8]
    /// Lower-case hex SHA-256 of ``bytes``; also the strong ETag.
    public let sha256: String

    /// An asset from its text; the hash is computed once here.
    public init(name: String, contentType: String, text: String) {
        self.name = name
        self.contentType = contentType
        self.bytes = Array(text.utf8)
        self.sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The name with the first 12 hex digits of the hash before the extension (`app.3f9a0c1e2b4d.css`).
    public var hashedName: String {
        let short = sha256.prefix(12)
        guard let dot = name.lastIndex(of: ".") else { return "\(name).\(short)" }
        return "\(name[..<dot]).\(short)\(name[dot...])"
    }

    /// The URL path templates link to: `/assets/<hashedName>`.
    public var path: String { "/assets/" + hashedName }

    /// The strong entity tag: the quoted full hash.
    public var etag: String { "\"\(sha256)\"" }
}

/// Every embedded asset, looked up by logical or hashed name.
public struct WebAssets: Sendable {
    private let byName: [String: WebAsset]
    private let byHashedName: [String: WebAsset]

    /// The assets of the agent workspace.
    public static let standard = WebAssets([
        WebAsset(name: "app.css", contentType: "text/css; charset=utf-8", text: AppCSS.source),
        WebAsset(name: "theme.js", contentType: "text/javascript; charset=utf-8", text: ThemeJS.source),
        WebAsset(name: "app.js", contentType: "text/javascript; charset=utf-8", text: AppJS.source),
        WebAsset(name: "inbox.js", contentType: "text/javascript; charset=utf-8", text: InboxJS.source),
        WebAsset(name: "ticket.js", contentType: "text/javascript; charset=utf-8", text: TicketJS.source),
        WebAsset(name: "live.js", contentType: "text/javascript; charset=utf-8", text: LiveJS.source),
        WebAsset(name: "shortcuts.js", contentType: "text/javascript; charset=utf-8", text: ShortcutsJS.source),
        WebAsset(name: "admin.js", contentType: "text/javascript; charset=utf-8", text: AdminJS.source),
        WebAsset(name: "fields.js", contentType: "text/javascript; charset=utf-8", text: FieldsJS.source),
        WebAsset(name: "contact.js", contentType: "text/javascript; charset=utf-8", text: ContactJS.source),
        WebAsset(name: "macro.js", contentType: "text/javascript; charset=utf-8", text: MacroJS.source),
        WebAsset(name: "macro-admin.js", contentType: "text/javascript; charset=utf-8", text: MacroAdminJS.source),
        WebAsset(name: "views.js", contentType: "text/javascript; charset=utf-8", text: SavedViewsJS.source),
        WebAsset(name: "icon.svg", contentType: "image/svg+xml", text: IconSVG.source),
    ])

    /// A registry of `assets`; later entries with the same name replace earlier ones.
    public init(_ assets: [WebAsset]) {
        var byName: [String: WebAsset] = [:]
        var byHashedName: [String: WebAsset] = [:]
        for asset in assets {
            byName[asset.name] = asset
            byHashedName[asset.hashedName] = asset
        }
        self.byName = byName
        self.byHashedName = byHashedName
    }

    /// The asset with this logical name (`app.css`), or `nil`.
    public subscript(name: String) -> WebAsset? { byName[name] }

    /// The asset served at `/assets/<file>`: a hashed name (immutable) or a logical name (revalidated).
    /// `nil` when there is none.
    public func lookup(file: String) -> (asset: WebAsset, immutable: Bool)? {
        if let asset = byHashedName[file] { return (asset, true) }
        if let asset = byName[file] { return (asset, false) }
        return nil
    }

    /// Logical name → URL path, for templates (`assets.app_css`): dots and dashes become underscores.
    public var paths: [String: String] {
        var result: [String: String] = [:]
        for (name, asset) in byName {
            result[name.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")] = asset.path
        }
        return result
    }
}
