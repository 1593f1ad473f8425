import ArgumentParser
import CandorCore
import CandorRegistry
import Foundation

/// `candor rate ID`: a subject's score, tier and lists, with every contribution explained.
struct Rate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a subject's rating and explain it.",
        discussion: """
            The rating is computed from the subject's stored records and the policy in force, on the date \
            given with --as-of (default: today). A subject without records has the base score and no lists. \
            The read is logged on the subject, naming the operator's account.
            """)

    @OptionGroup var subjectArgument: SubjectArgument
    var subject: SubjectID { subjectArgument.subject }

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print the rating as JSON.")
    var json = false

    @OptionGroup var lang: LanguageOption

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let service = try await registry.openExistingService()
        let read = try await service.file(
            subject.text, action: "read rating", by: RegistryOptions.operatorCaller, asOf: asOf.day)
        if json {
            try printJSON(read.explanation(policy: service.policy))
        } else {
            let language = lang.language
            print(
                RatingLetter(
                    explanation: read.explanation(policy: service.policy.localized(language)), language: language
                )
                .text)
        }
    }
}
