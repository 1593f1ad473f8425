import CandorCore
import Foundation

extension Registry {
    /// The public agency board: each agency's records, disputes, answer times and reviews.
    public func agencyBoard() async throws -> [AgencyStanding] {
        AgencyStanding.board(policy: policy, activity: try await store.agencyActivity())
    }

    /// How many records each agency submitted, per year, for the public statistics.
    public func recordCounts() async throws -> [RecordCount] { try await store.recordCounts() }
}
