import Foundation
import Logging
import SwitchboardCore
import SwitchboardServer
import SQLKit
import SwitchboardStorage

/// A signed-in test caller: the user and a personal API token acting as them.
struct TestUser: Sendable {
    var user: User
    var token: String
}

/// One account (tenant) with a user of every role, an inbox with a web form, a team and an organization.
struct TestTenant: Sendable {
    var account: Account
    var owner: TestUser
    var admin: TestUser
    var agent: TestUser
    var light: TestUser
    var inbox: Inbox
    var team: Team
    var organization: Organization
}

/// Two tenants, A and B, seeded straight through the repositories (not the API under test).
struct TestWorld: Sendable {
    var a: TestTenant
    var b: TestTenant
    let database: Database

    static func seed(_ database: Database) async throws -> TestWorld {
        try await database.write { db in
            TestWorld(a: try await seedTenant("a", on: db), b: try await seedTenant("b", on: db), database: database)
        }
    }

    private static func seedTenant(_ tag: String, on db: any SQLDatabase) async throws -> TestTenant {
        let account = try await AccountRepository().create(name: "Tenant \(tag.uppercased())", on: db)
        func user(_ role: UserRole) async throws -> TestUser {
            let user = try await UserRepository().create(
                accountID: account.id, email: "\(role.rawValue)@\(tag).example.com", name: "\(role.rawValue) \(tag)",
                role: role, passwordHash: nil, on: db)
            let token = try await APITokenRepository().create(
                accountID: account.id, userID: user.id, name: "test", on: db)
            return TestUser(user: user, token: token.secret)
        }
        let owner = try await user(.owner)
        let admin = try await user(.admin)
        let agent = try await user(.agent)
        let light = try await user(.lightAgent)
        let inbox = try await InboxRepository().create(
            accountID: account.id, name: "Support \(tag.uppercased())", channel: .webForm, webFormEnabled: true, on: db)
        let team = try await TeamRepository().create(
            accountID: account.id, name: "Team \(tag)", memberIDs: [agent.user.id], on: db)
        let organization = try await OrganizationRepository().create(
            accountID: account.id, name: "Org \(tag)", domains: ["org-\(tag).example.com"], on: db)
        return TestTenant(
            account: account, owner: owner, admin: admin, agent: agent, light: light, inbox: inbox, team: team,
            organization: organization)
    }

    /// Gives `user` a password (bcrypt) so it can sign in.
    func setPassword(_ password: String, for user: User) async throws {
        let hash = try await PasswordHasher(cost: 10).hash(password)
        _ = try await database.write { db in
            try await UserRepository().update(accountID: user.accountID, id: user.id, passwordHash: hash, on: db)
        }
    }
}
