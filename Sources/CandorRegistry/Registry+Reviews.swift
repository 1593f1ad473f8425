import CandorCore
import Foundation

extension Registry {
    /// The longest review comment, in characters.
    public static let maxReviewComment = 1_000

    /// A subject's review of an agency: 1 to 5 stars and an optional comment. Only an agency that holds a
    /// record about the subject may be reviewed by them (it also answered any dispute they opened), and a
    /// subject has one review per agency: a new one replaces the old.
    public func review(agency: String, stars: Int, comment: String?, by caller: Caller) async throws {
        let subject = try caller.ownSubject()
        guard policy.agency(agency) != nil else { throw RegistryError.notFound("there is no agency '\(agency)'") }
        guard (1...5).contains(stars) else {
            throw RegistryError.invalid(
                code: "invalid-stars", field: "stars", message: "must be from 1 to 5, not \(stars)")
        }
        let comment = comment ?? ""
        guard comment.count <= Self.maxReviewComment else {
            throw RegistryError.invalid(
                code: "comment-too-long", field: "comment",
                message: "is \(comment.count) characters; keep it to at most \(Self.maxReviewComment)")
        }
        let accessor = caller.accessor("own file")
        let concerned = try await store.access(subject, at: clock()) { file in
            let concerned = file.records.contains { $0.agency == agency }
            let answer = concerned ? "accepted" : "refused: no record of this agency"
            return (concerned, AccessNote(accessor, action: "review \(agency)", answer: answer))
        }
        guard concerned else {
            throw RegistryError.forbidden(
                "you may review an agency that holds a record about you; '\(agency)' holds none")
        }
        try await store.addReview(agency: agency, subject: subject, stars: stars, comment: comment, at: clock())
    }
}
