import Foundation
import Logging
import SwitchboardCore
import SwitchboardStorage
import Testing
@testable import SwitchboardServer

@Suite("Command-line administration (migrate, admin create, account create, token create)")
struct AdminOperationsTests {
    static func settings(_ scratch: ScratchDatabase) -> ServerSettings {
        var settings = ServerSettings(dataDirectory: scratch.directory.path)
        settings.databaseURL = scratch.url
        settings.bcryptCost = 10
        return settings
    }

    @Test(arguments: TestBackend.all)
    func migrateDryRunThenApply(_ backend: TestBackend) async throws {
        let logger = TestApp.logger
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        let settings = Self.settings(scratch)
        do {
            let pending = try await AdminOperations.migrate(settings: settings, dryRun: true, logger: logger)
            #expect(pending == MigrationRunnerNames.all)
            #expect(try await AdminOperations.migrate(settings: settings, dryRun: true, logger: logger) == pending)
            #expect(try await AdminOperations.migrate(settings: settings, dryRun: false, logger: logger) == pending)
            #expect(try await AdminOperations.migrate(settings: settings, dryRun: true, logger: logger).isEmpty)
        } catch {
            await scratch.remove(logger: logger)
            throw error
        }
        await scratch.remove(logger: logger)
    }

    @Test(arguments: TestBackend.all)
    func firstOwnerThenAdminsThenAccountsAndTokens(_ backend: TestBackend) async throws {
        let logger = TestApp.logger
        let scratch = try await ScratchDatabase.make(backend, logger: logger)
        let settings = Self.settings(scratch)
        do {
            let first = try await AdminOperations.createAdmin(
                settings: settings, email: "Boss@Example.com", name: "Boss", password: "a long password", logger: logger)
            #expect(first.createdAccount)
            #expect(first.user.role == .owner)
            #expect(first.user.email == "boss@example.com")
            let second = try await AdminOperations.createAdmin(
                settings: settings, email: "helper@example.com", name: "Helper", password: "another password",
                logger: logger)
            #expect(!second.createdAccount)
            #expect(second.user.role == .admin)
            #expect(second.account.id == first.account.id)
            await #expect(throws: SwitchboardError.self) {
                try await AdminOperations.createAdmin(
                    settings: settings, email: "helper@example.com", name: "Again", password: "another password",
                    logger: logger)
            }
            await #expect(throws: SwitchboardError.self) {
                try await AdminOperations.createAdmin(
                    settings: settings, email: "short@example.com", name: "Short", password: "short", logger: logger)
            }

            let tenant = try await AdminOperations.createAccount(
                settings: settings, name: "Second brand", ownerEmail: "owner@second.example", ownerName: nil,
                ownerPassword: nil, logger: logger)
            #expect(tenant.owner.role == .owner)
            #expect(tenant.owner.name == "owner")
            #expect(tenant.account.id != first.account.id)
            // With two accounts, `admin create` must be told which one.
            await #expect(throws: SwitchboardError.self) {
                try await AdminOperations.createAdmin(
                    settings: settings, email: "third@example.com", name: "Third", password: "a long password",
                    logger: logger)
            }
            let third = try await AdminOperations.createAdmin(
                settings: settings, email: "third@example.com", name: "Third", password: "a long password",
                accountID: tenant.account.id, logger: logger)
            #expect(third.account.id == tenant.account.id)

            let token = try await AdminOperations.createToken(
                settings: settings, userEmail: "owner@second.example", name: "setup", logger: logger)
            #expect(token.secret.hasPrefix("sbt_"))
            let location = try DatabaseLocation(url: settings.databaseURL)
            let found = try await Database.with(location, logger: logger) { database in
                try await database.read { db in try await APITokenRepository().authenticate(secret: token.secret, on: db) }
            }
            #expect(found?.user.id == tenant.owner.id)
            await #expect(throws: SwitchboardError.self) {
                try await AdminOperations.createToken(
                    settings: settings, userEmail: "nobody@example.com", name: "x", logger: logger)
            }

            // The owner created on the command line can sign in through the API.
            let app = try await buildApplication(settings, logger: logger)
            try await app.test(.router) { client in
                let api = TestAPI(client: client)
                let login = try await api.send(
                    .post, "/api/v1/auth/login", json: #"{"email": "boss@example.com", "password": "a long password"}"#)
                #expect(login.status == .ok)
            }
        } catch {
            await scratch.remove(logger: logger)
            throw error
        }
        await scratch.remove(logger: logger)
    }
}

/// The migration names the code knows, from Storage.
enum MigrationRunnerNames {
    static var all: [String] { Database.migrationNames }
}
