import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor check ID ACTION`: what a counter sees — allowed, or denied with the reasons.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask whether a subject may take an action, as a ticket counter would.",
        discussion: """
            An action is allowed unless a list the subject is on restricts it; a privilege needs the tier it \
            names as well. The answer carries only the decision and its reasons, never the score. \
            `candor policy show` lists the actions and privileges. The check is logged on the subject, naming \
            the operator's account.

            Exit status: 0 allowed, 3 denied, 1 when the check could not be made (an unknown action, a bad \
            identifier or date, no registry).
            """)

    @OptionGroup var subjectArgument: SubjectArgument
    var subject: SubjectID { subjectArgument.subject }

    @Argument(help: ArgumentHelp("An action or privilege of the policy, such as rail.high-speed.", valueName: "action"))
    var action: String

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print the decision as JSON.")
    var json = false

    @OptionGroup var lang: LanguageOption

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let service = try await registry.openExistingService()
        let decision: CheckDecision
        do {
            decision = try await service.check(
                subject.text, action: action, purpose: nil, by: RegistryOptions.operatorCaller, asOf: asOf.day)
        } catch let error as RegistryError {
            guard case .invalid(code: "unknown-action", _, _) = error else { throw CommandFailure(error.description) }
            throw CommandFailure(error.description + "\nRun `candor policy show` for what each one means.")
        }
        if json {
            try printJSON(CheckDocument(decision))
        } else {
            let language = lang.language
            let document = CheckDocument(decision).localized(service.policy.localized(language))
            print(CheckText(document: document, language: language).text)
        }
        if !decision.allowed { throw ExitCode(Self.deniedStatus) }
    }

    /// The exit status of a denied check, apart from 1 (the check could not be made).
    static let deniedStatus: Int32 = 3
}
