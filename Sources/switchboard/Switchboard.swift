import ArgumentParser

/// `switchboard`: the one binary. Without a command it serves (`swift run switchboard`).
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Switchboard, an open-source customer-service platform.",
        discussion: """
            Settings come from flags, then SWITCHBOARD_* environment variables, then a config file \
            (--config FILE or SWITCHBOARD_CONFIG), then defaults. See `switchboard serve --help`.
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AdminCommand.self, AccountCommand.self, TokenCommand.self,
            MailCommand.self, BenchCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
