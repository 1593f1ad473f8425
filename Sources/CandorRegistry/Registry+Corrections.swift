import CandorCore
import Foundation

/// Corrections reach counters (SPEC §6, "Notices"): when a record is retracted, overturned or repaired,
/// every provider key that received a denied answer based on it in the previous 180 days is told.
extension Registry {
    /// Sends the corrections a change of `record` on `day` calls for (`CorrectionSender`).
    func sendCorrections(for record: Record, change: Correction.Change, on day: Day) async throws {
        try await CorrectionSender(store: store, engine: engine)
            .send(for: record, change: change, on: day, today: today(), at: clock())
    }

}

/// Finds the denials a changed record was behind and sends their corrections: every door that retracts,
/// overturns or repairs a record — the API, the desk, `candor ingest` — goes through it.
public struct CorrectionSender: Sendable {
    let store: any ServiceStore
    let engine: RatingEngine

    public init(store: any ServiceStore, engine: RatingEngine) {
        self.store = store
        self.engine = engine
    }

    /// Sends the corrections a change of `record` on `day` calls for: to each provider key whose denial in
    /// the 180 days before `today` the record was behind, found by rating the subject's file as it was
    /// before the change on the day of each denial.
    public func send(for record: Record, change: Correction.Change, on day: Day, today: Day, at time: Date)
        async throws
    {
        let policy = engine.policy
        let lists = Set(policy.lists.filter { $0.kinds.contains(record.kind) }.map(\.id))
        let since = today.adding(days: -CheckDenial.correctionDays)
        let candidates = try await store.denials(of: record.subject, since: since).filter {
            !lists.isDisjoint(with: $0.lists)
        }
        guard !candidates.isEmpty else { return }
        let before = Self.fileBefore(change, of: record.id, in: try await store.file(of: record.subject))
        let corrections = engine.denials(candidates, basedOn: record.id, in: before).map { denial in
            (
                denial: denial, record: record.id,
                correction: Correction(
                    subject: record.subject, action: denial.action, denied: denial.day, agency: record.agency,
                    reference: record.reference, change: change, changed: day)
            )
        }
        try await store.sendCorrections(corrections, at: time)
    }

    /// The file as it stood before `change` of record `id`: not retracted, its retracting answer or
    /// overturning appeal decided the other way, its granted repair not yet applied for.
    static func fileBefore(_ change: Correction.Change, of id: Int64, in file: SubjectFile) -> SubjectFile {
        var before = file
        switch change {
        case .retracted, .overturned:
            for index in before.records.indices where before.records[index].id == id {
                before.records[index].retracted = nil
            }
            for index in before.disputes.indices where before.disputes[index].recordID == id {
                if before.disputes[index].answer == .retracted { before.disputes[index].answer = .upheld }
                if before.disputes[index].appeal?.decision == .overturned {
                    before.disputes[index].appeal?.decision = .confirmed
                }
            }
        case .repaired:
            before.repairs.removeAll { $0.recordID == id && $0.decision == .granted }
        }
        return before
    }

}

extension Registry {
    /// A page of the corrections sent to the caller's provider key, newest first.
    public func providerNotices(before: Int64?, limit: Int, by caller: Caller) async throws -> [ProviderNotice] {
        let grant = try caller.grant(.provider)
        guard (1...Self.maxNoticePage).contains(limit) else {
            throw RegistryError.invalid(
                code: "invalid-limit", field: "limit", message: "a page holds 1 to \(Self.maxNoticePage) notices")
        }
        let notices = try await store.providerNotices(key: grant.id, before: before, limit: limit)
        let subjects = Set(notices.map(\.correction.subject))
        if !subjects.isEmpty {
            try await store.log(
                subjects.map {
                    ($0, AccessNote(caller.accessor("corrections"), action: "read corrections", answer: "shown"))
                }, at: clock())
        }
        return notices
    }
}
