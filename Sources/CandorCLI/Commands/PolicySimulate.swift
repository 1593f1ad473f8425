import ArgumentParser
import CandorCore
import CandorHTTP
import CandorRegistry
import Foundation

/// `candor policy simulate NEW.toml`: what a proposed policy would change, before it is published.
struct PolicySimulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Compare a proposed policy with the one in force on the stored records.",
        discussion: """
            Rates every subject under both policies and reports the tier transition matrix, how each list's \
            size would change, how many checks per action would flip, and exactly which subjects would move \
            (a different score, tier or lists). The score distributions of both are drawn in an SVG chart.
            """)

    @Argument(help: ArgumentHelp("The proposed policy (TOML).", valueName: "file"))
    var proposed: String

    @OptionGroup var asOf: AsOfOption

    @Option(help: ArgumentHelp("Where to write the score-distribution chart.", valueName: "file"))
    var chart = "policy-simulation.svg"

    @Flag(help: "Print the comparison as JSON, with every subject that would move.")
    var json = false

    @Flag(help: "Do not show progress.")
    var quiet = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let current = try registry.loadPolicy()
        let proposedPolicy = try RegistryOptions.parse(["--policy", proposed]).loadPolicy()
        let service = try await registry.openExistingService()
        let day = asOf.day
        let total = try await service.store.counts().subjects
        let progress = Progress("simulating", unit: "subjects", enabled: !quiet)
        let simulation = try await service.simulate(proposedPolicy, asOf: day, by: RegistryOptions.operatorCaller) {
            progress.update($0.subjects, fraction: Double($0.subjects) / Double(max(total, 1)))
        }
        progress.finish(simulation.subjects)
        let svg = BarChart.histograms(
            title: "Score distribution as of \(day): \(current.version) and proposed \(proposedPolicy.version)",
            [
                ("\(current.id) \(current.version) (in force)", simulation.before.histogram, "#2f5d8a"),
                ("\(proposedPolicy.id) \(proposedPolicy.version) (proposed)", simulation.after.histogram, "#d9822b"),
            ]
        ).svg
        do {
            try svg.write(toFile: chart, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write the chart to \(chart): \(error.localizedDescription)")
        }
        if json {
            try printJSON(SimulationDocument(simulation, asOf: day, chart: chart))
        } else {
            print(SimulationText(simulation: simulation, asOf: day, chart: chart).text)
        }
    }
}

/// The JSON form of a simulation.
struct SimulationDocument: Encodable {
    struct Sizes: Encodable { var before, after: Int }
    struct Flips: Encodable { var toAllowed, toDenied: Int }

    var asOf: Day
    var current, proposed: PolicyReference
    var subjects: Int
    var transitions: [String: [String: Int]]
    var lists: [String: Sizes]
    var flips: [String: Flips]
    var moved: [String]
    var chart: String

    init(_ simulation: PolicySimulation, asOf: Day, chart: String) {
        self.asOf = asOf
        current = simulation.current.reference
        proposed = simulation.proposed.reference
        subjects = simulation.subjects
        transitions = simulation.transitions
        lists = simulation.listSizes.mapValues { Sizes(before: $0.before, after: $0.after) }
        flips = simulation.flips.mapValues { Flips(toAllowed: $0.toAllowed, toDenied: $0.toDenied) }
        moved = simulation.moved.map(\.text).sorted()
        self.chart = chart
    }
}
