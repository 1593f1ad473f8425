import ArgumentParser

/// The `candor` command: the root of every subcommand.
public struct Candor: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "candor",
        abstract: "An open, explainable trust-rating registry.",
        discussion: """
            Agencies submit records about people and businesses; a published policy turns each subject's \
            records into a score, a tier and list memberships, every one of them explained.

            Start with `candor demo`, which builds a synthetic city in ./candor.sqlite; then try \
            `candor rate ID`, `candor check ID ACTION` and `candor policy show`.
            """,
        subcommands: [
            Demo.self, Serve.self, Generate.self, Ingest.self, Rate.self, Check.self, Export.self,
            PolicyCommand.self, Keys.self, Audit.self, AttestationCommand.self, Backup.self, Restore.self,
            Webhooks.self,
        ])

    public init() {}
}
