import Foundation

/// Disputes, found by id or by agency, opened and answered with their log entry.
public protocol DisputeStore: Sendable {
    /// The record with this store id.
    func record(id: Int64) async throws -> Record?

    /// A dispute and the record it is about.
    func dispute(id: Int64) async throws -> (dispute: Dispute, record: Record)?

    /// The unanswered disputes about an agency's records, oldest first.
    func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: Record)]

    /// Opens `draft` (its record, day, ground, reason and police report) and logs it, in one transaction;
    /// `StoreError.disputeOpen` while one is open on the record.
    func openDispute(_ draft: Dispute, at time: Date, accessor: Accessor) async throws -> Dispute

    /// Answers a dispute (`Dispute.answering`) with the agency's reason and logs it, in one transaction.
    func answerDispute(
        id: Int64, answer: Dispute.Answer, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Dispute

    /// Appeals an upheld answer (`Dispute.appealing`) and logs it, in one transaction.
    func appealDispute(id: Int64, on day: Day, reason: String, at time: Date, accessor: Accessor) async throws
        -> Dispute

    /// Decides an appeal (`Dispute.deciding`) and logs it, in one transaction; "overturned" retracts the
    /// record on `day`.
    func decideAppeal(
        id: Int64, decision: Dispute.AppealDecision, on day: Day, reason: String, at time: Date, accessor: Accessor
    ) async throws -> Dispute

    /// The appealed disputes awaiting a decision, oldest appeal first.
    func openAppeals() async throws -> [(dispute: Dispute, record: Record)]
}

extension DisputeStore {
    /// Opens a dispute on the ground of error with no reason given: for tests and tools.
    public func openDispute(recordID: Int64, on day: Day, at time: Date, accessor: Accessor) async throws -> Dispute {
        try await openDispute(Dispute(recordID: recordID, opened: day), at: time, accessor: accessor)
    }

    /// Answers a dispute with no reason given: for tests and tools.
    public func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date, accessor: Accessor)
        async throws -> Dispute
    {
        try await answerDispute(id: id, answer: answer, on: day, reason: nil, at: time, accessor: accessor)
    }
}
