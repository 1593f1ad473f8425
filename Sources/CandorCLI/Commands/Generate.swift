import ArgumentParser
import CandorCore
import CandorSynthetic
import Foundation

/// `candor generate`: the synthetic city's records as a CSV file, for ingest tests and benchmarks.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic city's records as CSV, ready for `candor ingest`.",
        discussion: """
            The same city as `candor demo` for the same --seed, sizes and --as-of date, written as the record \
            columns agency, reference, subject, kind, occurred, amount, fulfilled, retracted, legal_basis, note.
            """)

    @OptionGroup var city: CityOptions
    var people: Int { city.people }
    var businesses: Int { city.businesses }
    var seed: UInt64 { city.seed }

    @OptionGroup var asOf: AsOfOption

    @Option(name: [.short, .long], help: ArgumentHelp("The CSV file to write.", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("A policy file whose agencies and kinds the records follow.", valueName: "file"))
    var policy: String?

    @Flag(help: "Do not show progress.")
    var quiet = false

    func run() async throws {
        let policy = try RegistryOptions.parse(policy.map { ["--policy", $0] } ?? []).loadPolicy()
        let city = SyntheticCity(
            configuration: .init(
                people: people, businesses: businesses, seed: seed, until: asOf.day, intensity: city.intensity),
            policy: policy)
        let handle = try OutputFile.open(output)
        let out = OutputBuffer(handle)
        out.line(RecordDecoder.fields.joined(separator: ","))
        var generator = city.makeGenerator(chunkSize: 10_000)
        let progress = Progress("generating", unit: "subjects", enabled: !quiet)
        var records = 0
        while let chunk = generator.nextChunk() {
            for record in chunk.records {
                let fields: [String?] = [
                    record.agency, record.reference, record.subject.text, record.kind, record.occurred.iso,
                    record.amount.map { String(Int($0)) }, record.fulfilled?.iso, record.retracted?.iso,
                    record.legalBasis,
                    record.note,
                ]
                out.line(fields.map { csvField($0 ?? "") }.joined(separator: ","))
                records += 1
            }
            progress.update(
                generator.produced, fraction: Double(generator.produced) / Double(max(people + businesses, 1)))
        }
        out.flush()
        try handle.close()
        progress.finish(generator.produced)
        if !quiet { printError("\(output): \(grouped(records)) records of \(grouped(people + businesses)) subjects") }
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
