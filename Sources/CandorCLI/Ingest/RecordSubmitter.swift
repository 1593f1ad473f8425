import CandorCore
import Foundation

/// Checks records against the policy's submission rules and submits them to the store in batches,
/// keeping the tally and reporting each refused record with its line.
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
    private let report: (RowProblem) -> Void
    private var pending: [(line: Int, record: Record)] = []
    let batchSize: Int
    private(set) var tally = Tally()
    /// Seconds spent waiting for the store.
    private(set) var storeSeconds = 0.0

    init(
        store: any ServiceStore, policy: Policy, accessor: Accessor?, batchSize: Int = 10_000,
        report: @escaping (RowProblem) -> Void
    ) {
        self.store = store
        self.accessor = accessor
        self.rules = SubmissionRules(policy: policy)
        self.batchSize = batchSize
        self.report = report
    }

    /// Queues a record read from `line`, or refuses it at once when the policy does not allow it.
    func add(_ record: Record, line: Int) {
        if let (field, message) = rules.problem(with: record) {
            refuse(RowProblem(line: line, field: field, message: message))
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

    /// Submits everything queued, in one transaction.
    func flush() async throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let started = Date()
        let records = batch.map(\.record)
        let outcomes =
            if let accessor { try await store.submit(records, at: Date(), accessor: accessor) } else {
                try await store.submit(records, at: Date())
            }
        storeSeconds += Date().timeIntervalSince(started)
        for (item, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .created: tally.created += 1
            case .updated: tally.updated += 1
            case .unchanged: tally.unchanged += 1
            case let .refused(reason): refuse(RowProblem(line: item.line, field: nil, message: reason))
            }
        }
    }
}
