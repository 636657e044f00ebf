import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardMail
import SwitchboardStorage

/// `/api/v1/inboxes/{id}/imap` (admins only): the inbox's IMAP polling settings and status.
///
/// GET answers the settings and status (`404` when none are set); PUT creates or replaces them (201 on create,
/// 200 on change; the password is required on create and kept when omitted later; it is stored sealed and never
/// returned); DELETE stops polling and forgets the settings (204). Changes reach the poller within
/// `imap_refresh_seconds`.
struct IMAPController {
    let dependencies: AppDependencies

    struct PutRequest: Decodable {
        var host: String?
        var port: Int?
        var security: String?
        var authMethod: String?
        var username: String?
        var password: String?
        var folder: String?
        var processedFolder: String?
        var enabled: Bool?

        enum CodingKeys: String, CodingKey {
            case host, port, security, username, password, folder, enabled
            case authMethod = "auth_method", processedFolder = "processed_folder"
        }
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.get("{id}/imap", use: show)
        routes.put("{id}/imap", use: put)
        routes.delete("{id}/imap", use: delete)
        return routes
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let inboxID = try context.pathID()
        let accountID = context.accountID
        let mailbox = try await dependencies.database.read { db in
            guard try await InboxRepository().get(accountID: accountID, id: inboxID, on: db) != nil else {
                throw SwitchboardError.notFound("inbox")
            }
            return try await IMAPMailboxRepository().get(accountID: accountID, inboxID: inboxID, on: db)
        }
        guard let mailbox else { throw SwitchboardError.notFound("IMAP settings") }
        return try APIJSON.response(IMAPMailboxWire(mailbox))
    }

    @Sendable func put(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let inboxID = try context.pathID()
        let input = try await request.decodeJSON(PutRequest.self, context: context)
        let settings = try IMAPInputRules.settings(input)
        let password = try input.password.map(IMAPInputRules.password)
        let accountID = context.accountID
        let sealed = try password.map {
            try IMAPPasswordSealer.load(dataDirectory: dependencies.settings.dataDirectory)
                .seal($0, accountID: accountID, inboxID: inboxID)
        }
        let (mailbox, created) = try await dependencies.database.write { db in
            guard let inbox = try await InboxRepository().get(accountID: accountID, id: inboxID, on: db) else {
                throw SwitchboardError.notFound("inbox")
            }
            guard inbox.channel == .email else {
                throw SwitchboardError.invalid("inbox", "IMAP polling needs an inbox of channel email")
            }
            let existed = try await IMAPMailboxRepository().get(accountID: accountID, inboxID: inboxID, on: db) != nil
            let stored = try await IMAPMailboxRepository().put(
                accountID: accountID, inboxID: inboxID, settings: settings, sealedPassword: sealed, on: db)
            return (stored, !existed)
        }
        return try APIJSON.response(IMAPMailboxWire(mailbox), status: created ? .created : .ok)
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let inboxID = try context.pathID()
        let accountID = context.accountID
        let removed = try await dependencies.database.write { db in
            try await IMAPMailboxRepository().delete(accountID: accountID, inboxID: inboxID, on: db)
        }
        guard removed else { throw SwitchboardError.notFound("IMAP settings") }
        return Response(status: .noContent)
    }
}

/// Validation of the IMAP settings body; each error names its field.
enum IMAPInputRules {
    static func settings(_ input: IMAPController.PutRequest) throws -> IMAPMailboxSettings {
        guard let rawHost = input.host else { throw SwitchboardError.invalid("host", "is required") }
        let host = try self.host(rawHost)
        let security = try InputRules.enumValue(
            input.security ?? "tls", IMAPClient.Configuration.Security.self, field: "security")
        let auth = try InputRules.enumValue(
            input.authMethod ?? "auto", IMAPClient.Configuration.Authentication.self, field: "auth_method")
        let port = input.port ?? (security == .tls ? 993 : 143)
        guard (1...65535).contains(port) else { throw SwitchboardError.invalid("port", "must be in 1…65535") }
        guard let rawUser = input.username else { throw SwitchboardError.invalid("username", "is required") }
        let username = try text(rawUser, field: "username", maxLength: 320)
        let folder = try self.folder(input.folder ?? "INBOX", field: "folder")
        let processed = try input.processedFolder.map { try self.folder($0, field: "processed_folder") }
        if let processed, processed == folder {
            throw SwitchboardError.invalid("processed_folder", "must differ from folder")
        }
        return IMAPMailboxSettings(
            host: host, port: port, security: security.rawValue, authMethod: auth.rawValue, username: username,
            folder: folder, processedFolder: processed, enabled: input.enabled ?? true)
    }

    /// A host name or IP address: 1–253 characters of letters, digits, `.`, `-`, `_`, `:` (IPv6).
    static func host(_ raw: String) throws -> String {
        let host = raw.trimmingCharacters(in: .whitespaces)
        guard !host.isEmpty else { throw SwitchboardError.invalid("host", "is required") }
        guard host.utf8.count <= 253,
            host.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                || $0 == "." || $0 == "-" || $0 == "_" || $0 == ":") })
        else { throw SwitchboardError.invalid("host", "must be a host name or IP address") }
        return host
    }

    static func password(_ raw: String) throws -> String {
        guard !raw.isEmpty else { throw SwitchboardError.invalid("password", "must not be empty") }
        guard raw.utf8.count <= 1024 else { throw SwitchboardError.invalid("password", "must be at most 1024 bytes") }
        guard !raw.unicodeScalars.contains(where: { $0.value == 0 || $0.value == 10 || $0.value == 13 }) else {
            throw SwitchboardError.invalid("password", "must not contain NUL or line breaks")
        }
        return raw
    }

    /// A folder name: 1–255 characters, no control characters and no LIST wildcards (`*`, `%`).
    static func folder(_ raw: String, field: String) throws -> String {
        let name = try text(raw, field: field, maxLength: 255)
        guard !name.contains("*"), !name.contains("%") else {
            throw SwitchboardError.invalid(field, "must not contain * or %")
        }
        return name
    }

    static func text(_ raw: String, field: String, maxLength: Int) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw SwitchboardError.invalid(field, "must not be empty") }
        guard value.count <= maxLength else {
            throw SwitchboardError.invalid(field, "must be at most \(maxLength) characters")
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw SwitchboardError.invalid(field, "must not contain control characters")
        }
        return value
    }
}

/// The JSON of an inbox's IMAP settings and status. The password is never included (`password_set` is true).
struct IMAPMailboxWire: Encodable {
    let mailbox: IMAPMailbox

    init(_ mailbox: IMAPMailbox) {
        self.mailbox = mailbox
    }

    enum CodingKeys: String, CodingKey {
        case inboxID = "inbox_id", host, port, security, authMethod = "auth_method", username
        case passwordSet = "password_set", folder, processedFolder = "processed_folder", enabled, status
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    enum StatusKeys: String, CodingKey {
        case uidValidity = "uid_validity", lastUID = "last_uid", lastPollAt = "last_poll_at"
        case lastError = "last_error", lastErrorAt = "last_error_at", rejectedCount = "rejected_count"
    }

    func encode(to encoder: any Encoder) throws {
        let settings = mailbox.settings
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mailbox.inboxID, forKey: .inboxID)
        try container.encode(settings.host, forKey: .host)
        try container.encode(settings.port, forKey: .port)
        try container.encode(settings.security, forKey: .security)
        try container.encode(settings.authMethod, forKey: .authMethod)
        try container.encode(settings.username, forKey: .username)
        try container.encode(true, forKey: .passwordSet)
        try container.encode(settings.folder, forKey: .folder)
        try container.encode(settings.processedFolder, forKey: .processedFolder)
        try container.encode(settings.enabled, forKey: .enabled)
        try container.encode(mailbox.createdAt, forKey: .createdAt)
        try container.encode(mailbox.updatedAt, forKey: .updatedAt)
        var status = container.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
        try status.encode(mailbox.uidValidity, forKey: .uidValidity)
        try status.encode(mailbox.lastUID, forKey: .lastUID)
        try status.encode(mailbox.lastPollAt, forKey: .lastPollAt)
        try status.encode(mailbox.lastError, forKey: .lastError)
        try status.encode(mailbox.lastErrorAt, forKey: .lastErrorAt)
        try status.encode(mailbox.rejectedCount, forKey: .rejectedCount)
    }
}
