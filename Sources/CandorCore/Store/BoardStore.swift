import Foundation

/// The figures of the public agency board, and subjects' reviews.
public protocol BoardStore: Sendable {
    /// Stores a subject's review of an agency, replacing the subject's earlier review of it.
    func addReview(agency: String, subject: SubjectID, stars: Int, comment: String, at time: Date) async throws

    /// What the agency board shows, counted per agency.
    func agencyActivity() async throws -> [AgencyActivity]

    /// How many records each agency submitted, per year the records occurred.
    func recordCounts() async throws -> [RecordCount]
}
