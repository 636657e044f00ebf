import Foundation
import SwitchboardCore
import SwitchboardStorage

/// The parts of the admin pages for custom fields and invitations: the `fields` section's definitions and type
/// choices, and on the `users` section each user's state (Yes / No / Invited, pending a set-password link).
enum WebAdminExtras {
    static func model(section: String, accountID: Int64, now: Date, database: Database) async throws
        -> [String: Any]
    {
        switch section {
        case "fields":
            let definitions = try await database.read { db in
                try await CustomFieldRepository().list(accountID: accountID, on: db)
            }
            return [
                "customFieldRows": WebCustomFields.adminRows(definitions),
                "hasCustomFieldRows": !definitions.isEmpty,
                "fieldTypes": WebCustomFields.typeOptions,
            ]
        case "users":
            let (users, invited) = try await database.read { db in
                (
                    try await UserRepository().list(accountID: accountID, on: db),
                    try await InvitationRepository().pendingUserIDs(accountID: accountID, now: now, on: db)
                )
            }
            return [
                "users": users.map { user in
                    [
                        "name": user.name, "email": user.email, "roleLabel": WebFormat.label(user.role),
                        "active": invited.contains(user.id) ? "Invited" : (user.isActive ? "Yes" : "No"),
                    ] as [String: Any]
                }
            ]
        default:
            return [:]
        }
    }
}
