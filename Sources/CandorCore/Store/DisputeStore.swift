import Foundation

/// Disputes, found by id or by agency, opened and answered with their log entry.
public protocol DisputeStore: Sendable {
    /// The record with this store id.
    func record(id: Int64) async throws -> Record?

    /// A dispute and the record it is about.
    func dispute(id: Int64) async throws -> (dispute: Dispute, record: Record)?

    /// The unanswered disputes about an agency's records, oldest first.
    func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: Record)]

    /// Opens a dispute and logs it, in one transaction; `StoreError.disputeOpen` while one is open on the
    /// record.
    func openDispute(recordID: Int64, on day: Day, at time: Date, accessor: Accessor) async throws -> Dispute

    /// Answers a dispute (`Dispute.answering`) and logs it, in one transaction.
    func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date, accessor: Accessor)
        async throws -> Dispute
}
