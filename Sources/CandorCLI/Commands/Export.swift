import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor export ...`: bulk data out of the registry.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export data from the registry.",
        subcommands: [ExportRatings.self])
}

/// `candor export ratings`: every subject's rating, one NDJSON line each.
struct ExportRatings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratings",
        abstract: "Write every subject's rating as NDJSON, one line per subject known to the registry.",
        discussion: """
            Each line is {"subject", "score", "tier", "lists": [list ids]}, one per subject, in identifier \
            order. Anyone can recompute these lines from the records and the published policy.

            The ratings come from the record columns the registry keeps sealed beside its database \
            (FILE.columns): only subjects whose records changed since they were saved are read again, so \
            an export takes about as long as writing the lines. The export is one entry in every subject's \
            access log, naming the operator's account.
            """)

    @OptionGroup var asOf: AsOfOption

    @Option(
        name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Do not show progress.")
    var quiet = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let service = try await registry.openExistingService()
        let handle: FileHandle
        if let output {
            handle = try OutputFile.open(output)
        } else {
            handle = FileHandle.standardOutput
        }
        let (columns, rated) = try await service.exportRatings(asOf: asOf.day, by: RegistryOptions.operatorCaller)
        try columns.writeExportLines(rated, policy: service.policy) { bytes in writeOrStop(Data(bytes), to: handle) }
        if !quiet { printError("\(grouped(columns.subjects.count)) subjects rated and written.") }
        if output != nil { try handle.close() }
    }
}
