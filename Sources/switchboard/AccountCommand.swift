import ArgumentParser
import SwitchboardServer

/// `switchboard account …`: manage accounts (tenants).
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Manage accounts (tenants).",
        subcommands: [AccountCreateCommand.self]
    )
}

/// `switchboard account create --name … --owner-email … [--owner-name …] [--owner-password …]`.
struct AccountCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create another account with its owner.",
        discussion: """
            Without --owner-password the password is asked for twice on a terminal, or read as one line from \
            standard input otherwise; --no-owner-password creates an owner who signs in only with API tokens.
            """
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "Name of the account.")
    var name: String

    @Option(help: "Email address of the account's owner.")
    var ownerEmail: String

    @Option(help: "Display name of the owner (default: the email's local part).")
    var ownerName: String?

    @Option(help: "Password of the owner (at least 8 characters).")
    var ownerPassword: String?

    @Flag(help: "Create the owner without a password.")
    var noOwnerPassword = false

    func run() async throws {
        let settings = try options.settings()
        let logger = CommandLogging.logger(level: .warning)
        var password = ownerPassword
        if password == nil, !noOwnerPassword {
            password = try PasswordInput.obtain(prompt: "Password for \(ownerEmail): ")
        }
        let ownerPassword = password
        let created = try await CommandErrors.reporting {
            try await AdminOperations.createAccount(
                settings: settings, name: name, ownerEmail: ownerEmail, ownerName: ownerName,
                ownerPassword: ownerPassword, logger: logger)
        }
        print("Created account \(created.account.id) \"\(created.account.name)\" with owner \(created.owner.email) "
            + "(user \(created.owner.id)).")
    }
}
