import CandorCore
import CandorRegistry
import Foundation

/// Checks records against the policy's submission rules and submits them to the store in batches,
/// keeping the tally and reporting each refused record with its line.
///
/// A batch is written while the caller reads and checks the next one (one batch in flight at a time), so
/// reading and storing use a core each.
final class RecordSubmitter {
    struct Tally: Sendable, Equatable {
        var created = 0
        var updated = 0
        var unchanged = 0
        var refused = 0
        var submitted: Int { created + updated + unchanged + refused }
    }

    private let store: any ServiceStore
    /// Who the access log names for each record, or `nil` to leave the log alone (the synthetic demo).
    private let accessor: Accessor?
    private let rules: SubmissionRules
    /// The day records are received: none may be dated after it.
    private let today: Day
    private let report: (RowProblem) -> Void
    private var pending: [(line: Int, record: Record)] = []
    /// Log entries for records the rules refused, written with the next batch.
    private var refusals: [(SubjectID, AccessNote)] = []
    let batchSize: Int
    private(set) var tally = Tally()
    private var inFlight: (batch: [(line: Int, record: Record)], task: Task<[SubmissionOutcome], any Error>)?

    init(
        store: any ServiceStore, policy: Policy, accessor: Accessor?, today: Day, batchSize: Int = 200_000,
        report: @escaping (RowProblem) -> Void
    ) {
        self.today = today
        self.store = store
        self.accessor = accessor
        self.rules = SubmissionRules(policy: policy)
        self.batchSize = batchSize
        self.report = report
    }

    /// Queues a record read from `line`, or refuses it at once when the policy does not allow it.
    func add(_ record: Record, line: Int) {
        if let (field, message) = rules.problem(with: record, today: today) {
            refuse(RowProblem(line: line, field: field, message: message.description))
            if let accessor {
                refusals.append(
                    (
                        record.subject,
                        AccessNote.refusedSubmission(record, field: field, message: message.description, by: accessor)
                    )
                )
            }
            return
        }
        pending.append((line, record))
    }

    /// Counts a row that could not even be read as a record.
    func refuse(_ problem: RowProblem) {
        tally.refused += 1
        report(problem)
    }

    /// Whether enough records are queued for a batch.
    var batchReady: Bool { pending.count >= batchSize }

    /// Hands everything queued to the store as one transaction, after the batch before it is stored.
    func flush() async throws {
        try await settle()
        guard !pending.isEmpty || !refusals.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let records = batch.map(\.record)
        let (store, accessor, refusals) = (self.store, self.accessor, self.refusals)
        self.refusals.removeAll()
        let task = Task {
            if !refusals.isEmpty { try await store.log(refusals, at: Date()) }
            guard !records.isEmpty else { return [SubmissionOutcome]() }
            if let accessor { return try await store.submit(records, at: Date(), accessor: accessor) }
            return try await store.submit(records, at: Date())
        }
        inFlight = (batch, task)
    }

    /// Submits what is still queued and waits until every batch is stored and counted.
    func finish() async throws {
        try await flush()
        try await settle()
    }

    /// Waits for the batch in flight and counts its outcomes.
    private func settle() async throws {
        guard let (batch, task) = inFlight else { return }
        inFlight = nil
        let outcomes = try await task.value
        for (item, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .created: tally.created += 1
            case let .updated(id):
                tally.updated += 1
                // A record retracted by loading it again reaches the counters its denials were told.
                if accessor != nil, let retracted = item.record.retracted {
                    var stored = item.record
                    stored.id = id
                    try await CorrectionSender(store: store, engine: RatingEngine(policy: rules.policy))
                        .send(for: stored, change: .retracted, on: retracted, today: today, at: Date())
                }
            case .unchanged: tally.unchanged += 1
            case let .refused(reason): refuse(RowProblem(line: item.line, field: nil, message: reason))
            }
        }
    }
}
