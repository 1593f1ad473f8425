import ArgumentParser
import CandorCore
import Foundation

/// `candor rate ID`: a subject's score, tier and lists, with every contribution explained.
struct Rate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a subject's rating and explain it.",
        discussion: """
            The rating is computed from the subject's stored records and the policy in force, on the date \
            given with --as-of (default: today). A subject without records has the base score and no lists.
            """)

    @OptionGroup var subjectArgument: SubjectArgument
    var subject: SubjectID { subjectArgument.subject }

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Print the rating as JSON.")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() async throws {
        let policy = try registry.loadPolicy()
        let store = try await registry.openExistingRegistry()
        let rating = try await store.rating(of: subject, engine: RatingEngine(policy: policy), asOf: asOf.day)
        if json {
            try printJSON(RatingDocument(rating))
        } else {
            print(RatingLetter(rating: rating, name: try await store.name(of: subject), policy: policy).text)
        }
    }
}
