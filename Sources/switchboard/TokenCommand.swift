import ArgumentParser
import SwitchboardServer

/// `switchboard token …`: personal API tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage personal API tokens.",
        subcommands: [TokenCreateCommand.self]
    )
}

/// `switchboard token create --user EMAIL [--name …]`: prints the secret once.
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a personal API token for a user and print it (shown only once)."
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "Email address of the user the token acts as.")
    var user: String

    @Option(help: "A name to recognise the token by.")
    var name: String = "cli"

    func run() async throws {
        let settings = try options.settings()
        let logger = CommandLogging.logger(level: .warning)
        let created = try await CommandErrors.reporting {
            try await AdminOperations.createToken(settings: settings, userEmail: user, name: name, logger: logger)
        }
        print(created.secret)
        printToStandardError(
            "Token \(created.token.id) (\(created.token.name)) for \(created.user.email); "
                + "use it as 'Authorization: Bearer <token>'. It is not shown again.")
    }
}
