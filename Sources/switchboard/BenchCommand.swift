import ArgumentParser

/// `switchboard bench`: the measuring instrument. Its options live on the subcommands, so `bench mail --json F`
/// reaches `bench mail` (an option declared on both a parent and its subcommand is parsed into the parent).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Switchboard: `bench [run]` loads and load-tests a help desk, `bench mail` the email channel.",
        subcommands: [BenchRunCommand.self, BenchMailCommand.self],
        defaultSubcommand: BenchRunCommand.self
    )
}
