import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardStorage

/// `POST /api/v1/invitations` (admin): creates a user in the invited state (no password) with a one-time
/// set-password link valid for 7 days. With an SMTP relay the link is emailed (job `mail.invitation`) and not
/// shown; without one the answer carries `set_password_url` for the admin to pass on.
struct InvitationsController {
    let dependencies: AppDependencies

    struct CreateRequest: Decodable {
        var email: String
        var name: String
        var role: String?
    }

    /// `{user, emailed, set_password_url, expires_at}`.
    struct InvitationWire: Codable, Sendable {
        var user: UserWire
        var emailed: Bool
        var setPasswordURL: String?
        var expiresAt: Date

        enum CodingKeys: String, CodingKey {
            case user, emailed
            case setPasswordURL = "set_password_url", expiresAt = "expires_at"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(user, forKey: .user)
            try c.encode(emailed, forKey: .emailed)
            try c.encode(setPasswordURL, forKey: .setPasswordURL)
            try c.encode(expiresAt, forKey: .expiresAt)
        }
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
        routes.post(use: create)
        return routes
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try context.require(.admin)
        let input = try await request.decodeJSON(CreateRequest.self, context: context)
        let email = try Validation.email(input.email, field: "email")
        let name = try InputRules.name(input.name)
        let role = try InputRules.enumValue(input.role ?? "agent", UserRole.self, field: "role")
        if role == .owner { try context.require(.owner) }
        let accountID = context.accountID
        let inviter = context.user.id
        let now = dependencies.now()
        let mailer = InvitationMail(settings: dependencies.email.settings, now: dependencies.now)
        let base = InvitationMail.baseURL(request, settings: dependencies.settings)
        let emailed = mailer.canSend
        return try await IdempotentWrite(dependencies: dependencies).run(request, context: context) { db in
            let (user, invitation, token) = try await InvitationRepository().invite(
                accountID: accountID, email: email, name: name, role: role, invitedBy: inviter, now: now, on: db)
            if emailed { try await mailer.enqueue(accountID: accountID, userID: user.id, baseURL: base, on: db) }
            let shown = InvitationWire(
                user: UserWire(user), emailed: emailed,
                setPasswordURL: emailed ? nil : InvitationMail.link(base: base, token: token),
                expiresAt: invitation.expiresAt)
            var stored = shown
            stored.setPasswordURL = nil
            return CreatedResult(status: .created, value: shown, events: [], storedValue: stored)
        }
    }
}
