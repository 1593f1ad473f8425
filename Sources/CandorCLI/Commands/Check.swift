import ArgumentParser
import CandorCore
import Foundation

/// `candor check ID ACTION`: what a counter sees — allowed, or denied with the reasons.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask whether a subject may take an action, as a ticket counter would.",
        discussion: """
            An action is allowed unless a list the subject is on restricts it; a privilege needs the tier it \
            names as well. The answer carries only the decision and its reasons, never the score. \
            `candor policy show` lists the actions and privileges.
            """)

    @OptionGroup var subjectArgument: SubjectArgument
    var subject: SubjectID { subjectArgument.subject }

    @Argument(help: ArgumentHelp("An action or privilege of the policy, such as rail.high-speed.", valueName: "action"))
    var action: String

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print the decision as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let policy = try registry.loadPolicy()
        let engine = RatingEngine(policy: policy)
        guard
            policy.actions.contains(where: { $0.id == action })
                || policy.privileges.contains(where: { $0.id == action })
        else {
            let known = policy.actions.map(\.id) + policy.privileges.map(\.id)
            throw CommandFailure(
                CheckError.unknownAction(action, known: known).description
                    + "\nRun `candor policy show` for what each one means.")
        }
        let store = try await registry.openExistingRegistry()
        let rating = try await store.rating(of: subject, engine: engine, asOf: asOf.day)
        let decision = try engine.check(rating, action: action)
        if json {
            try printJSON(CheckDocument(decision))
        } else {
            print(CheckText(decision: decision).text)
        }
    }
}
