import ArgumentParser
import SwitchboardCore
import SwitchboardServer

/// `switchboard admin …`: manage administrators.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage administrators (create the first owner).",
        subcommands: [AdminCreateCommand.self]
    )
}

/// `switchboard admin create --email … --name … [--password …]`.
struct AdminCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an owner or admin; on an empty database also the first account.",
        discussion: """
            Without --password the password is asked for twice (not echoed) on a terminal, or read as one \
            line from standard input otherwise.
            """
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "Email address the user signs in with.")
    var email: String

    @Option(help: "Display name.")
    var name: String

    @Option(help: "Password (at least 8 characters). Prompted for when omitted.")
    var password: String?

    @Option(help: "owner or admin (default: owner for an account's first user, else admin).")
    var role: String?

    @Option(help: "Account id to add the user to (needed when there are several accounts).")
    var account: Int64?

    @Option(help: "Name of the first account, when the database has none (default: Switchboard).")
    var accountName: String?

    func run() async throws {
        let settings = try options.settings()
        let logger = CommandLogging.logger(level: .warning)
        let role = try role.map { raw -> UserRole in
            guard let role = UserRole(rawValue: raw), role >= .admin else {
                throw ValidationError("--role must be owner or admin")
            }
            return role
        }
        let password = try password ?? PasswordInput.obtain(prompt: "Password for \(email): ")
        let created = try await CommandErrors.reporting {
            try await AdminOperations.createAdmin(
                settings: settings, email: email, name: name, password: password, role: role, accountID: account,
                accountName: accountName, logger: logger)
        }
        if created.createdAccount {
            print("Created account \(created.account.id) \"\(created.account.name)\".")
        }
        print("Created \(created.user.role.rawValue) \(created.user.email) (user \(created.user.id)) "
            + "in account \(created.account.id).")
    }
}
