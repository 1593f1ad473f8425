import CandorCore
import Foundation

/// What became of each item of a submission, in order, and the totals.
public struct SubmissionReport: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public enum Status: String, Sendable { case created, updated, unchanged, refused }
        public var index: Int
        public var status: Status
        public var record: Int64?
        public var field: String?
        public var message: String?
        /// The refusal in words, for a door that shows it in its reader's language (not encoded).
        public var words: Words? = nil
    }

    public var items: [Item]

    public func count(_ status: Item.Status) -> Int { items.filter { $0.status == status }.count }
}

extension Registry {
    /// Submits records for the agency of an agency key: each item is read, checked against the policy's
    /// submission rules on today's date, and stored or refused with the field at fault. Every item about a
    /// valid subject is logged on that subject, refused or not; the standings of changed subjects are
    /// current before this returns.
    public func submit(_ items: [Result<RawRow, RowProblem>], by caller: Caller) async throws -> SubmissionReport {
        let grant = try caller.grant(.agency)
        let rules = SubmissionRules(policy: policy)
        let day = today()
        let accessor = caller.accessor("submission")
        let (report, _) = try await submitted(
            items, by: grant, decode: RecordDecoder(defaultAgency: grant.agency).decode,
            agency: \.agency,
            problem: { rules.problem(with: $0, today: day) },
            refusal: { record, field, message in
                (record.subject, AccessNote.refusedSubmission(record, field: field, message: message, by: accessor))
            },
            store: { try await self.store($0, accessor: accessor) })
        for status in [SubmissionReport.Item.Status.created, .updated, .unchanged, .refused] {
            metrics.ingested(report.count(status), outcome: status.rawValue)
        }
        return report
    }

    /// The steps every submission takes, records or officers' roles: each item decoded, checked (the key's
    /// agency, then `problem`), refused items logged on their subject (`refusal`) with the field at fault,
    /// the others stored in one call; a result per item, in order, and the items accepted.
    func submitted<Item: Sendable>(
        _ items: [Result<RawRow, RowProblem>], by grant: KeyGrant, decode: (RawRow) -> Result<Item, RowProblem>,
        agency: KeyPath<Item, String>, problem: (Item) -> (field: String, message: Words)?,
        refusal: (Item, String, String) -> (SubjectID, AccessNote),
        store: ([Item]) async throws -> [SubmissionOutcome]
    ) async throws -> (SubmissionReport, accepted: [Item]) {
        try checkBatchSize(items.count)
        var results: [SubmissionReport.Item?] = Array(repeating: nil, count: items.count)
        var accepted: [(index: Int, item: Item)] = []
        var refusedNotes: [(SubjectID, AccessNote)] = []
        for (index, row) in items.enumerated() {
            let rowProblem: RowProblem
            var words: Words?
            switch row.flatMap(decode) {
            case let .success(item):
                let reason =
                    item[keyPath: agency] != grant.agency
                    ? (
                        "agency",
                        "this key submits for agency '\(grant.agency ?? "")' only, not '\(item[keyPath: agency])'"
                            as Words
                    )
                    : problem(item)
                guard let reason else {
                    accepted.append((index, item))
                    continue
                }
                refusedNotes.append(refusal(item, reason.0, reason.1.description))
                rowProblem = RowProblem(line: index + 1, field: reason.0, message: reason.1.description)
                words = reason.1
            case let .failure(failure):
                rowProblem = failure
            }
            results[index] = .init(
                index: index, status: .refused, field: rowProblem.field, message: rowProblem.message, words: words)
        }
        if !refusedNotes.isEmpty { try await self.store.log(refusedNotes, at: clock()) }
        if !accepted.isEmpty {
            let outcomes = try await store(accepted.map(\.item))
            for ((index, _), outcome) in zip(accepted, outcomes) { results[index] = .init(index: index, outcome) }
        }
        return (SubmissionReport(items: results.compactMap { $0 }), accepted.map(\.item))
    }

    /// Refuses a submission of more records than `limits.maxBatch`; a door that can count the records before
    /// it parses them asks here first.
    public func checkBatchSize(_ count: Int) throws(RegistryError) {
        guard count <= limits.maxBatch else {
            throw .tooLarge(code: "batch-too-large", message: "send at most \(limits.maxBatch) records at once")
        }
    }

    /// What a fulfilment or retraction did to a record.
    public struct RecordChangeResult: Sendable, Equatable {
        public var record: Int64
        public var updated: Bool
        public var date: Day
    }

    /// Records that one of the agency's own records was fulfilled (or retracted) on `date` (default today),
    /// which must fall between the day the record occurred and today.
    public func change(
        agency: String, reference: String, fulfilled: Bool, date: Day?, by caller: Caller
    ) async throws -> RecordChangeResult {
        let grant = try caller.grant(.agency)
        let purpose = fulfilled ? "fulfilment" : "retraction"
        let logged = "change \(agency)/\(reference)"
        guard agency == grant.agency else {
            let error = RegistryError.forbidden("this key changes records of agency '\(grant.agency ?? "")' only")
            if let record = try await store.record(agency: agency, reference: reference) {
                throw try await refuse(
                    error, on: record.subject, by: caller, purpose: purpose, action: logged,
                    reason: "another agency's record")
            }
            throw error
        }
        guard var record = try await store.record(agency: agency, reference: reference) else {
            throw RegistryError.notFound("agency '\(agency)' has no record '\(reference)'")
        }
        let day = date ?? today()
        if fulfilled { record.fulfilled = day } else { record.retracted = day }
        // The date is well formed; outside the window the record and today allow, it conflicts with the
        // record: 409.
        if let (field, message) = SubmissionRules(policy: policy).problem(with: record, today: today()) {
            throw try await refuse(
                .conflict(
                    code: "invalid-date", message: message,
                    field: field == "fulfilled" || field == "retracted" ? "date" : field),
                on: record.subject, by: caller, purpose: purpose, action: logged)
        }
        switch try await store([record], accessor: caller.accessor(purpose))[0] {
        case let .updated(id): return RecordChangeResult(record: id, updated: true, date: day)
        case let .unchanged(id), let .created(id): return RecordChangeResult(record: id, updated: false, date: day)
        case let .refused(reason): throw RegistryError.conflict(code: "refused", message: Words(reason))
        }
    }

    /// Hands checked records to the store, which logs each; re-rates the subjects whose records changed.
    func store(_ records: [Record], accessor: Accessor) async throws -> [SubmissionOutcome] {
        let outcomes = try await store.submit(records, at: clock(), accessor: accessor)
        let changed = zip(records, outcomes).compactMap { record, outcome -> SubjectID? in
            switch outcome {
            case .created, .updated: record.subject
            case .unchanged, .refused: nil
            }
        }
        try await standings.refresh(changed)
        // A record retracted by submitting it again reaches the counters its denials were told.
        for (record, outcome) in zip(records, outcomes) {
            guard case let .updated(id) = outcome, let retracted = record.retracted else { continue }
            var stored = record
            stored.id = id
            try await sendCorrections(for: stored, change: .retracted, on: retracted)
        }
        return outcomes
    }
}
