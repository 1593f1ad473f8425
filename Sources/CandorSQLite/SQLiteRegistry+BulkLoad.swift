import CandorCore
import CandorRegistry
import Foundation
import GRDB
import Synchronization

/// The record columns kept through a bulk load (`candor ingest`), so that the first start after it loads
/// the snapshot instead of reading every subject file again — at national scale, minutes of scattered
/// reads.
///
/// The load starts from columns that reflect the whole log (the snapshot, or nothing when the registry
/// holds no record), gathers each record it creates (`RecordArrivals`), and notes the log entries this
/// process appends. At the end, if those entries are every entry written since the start, no other writer
/// changed anything: the columns are the start's, with the new subjects added from memory and the other
/// changed subjects read again, and the snapshot is saved tied to the last entry. Otherwise nothing is
/// saved, and the next start catches up from the log as it always does.
final class BulkLoadColumns: Sendable {
    struct State: Sendable {
        var base: RecordColumns
        /// The last entry appended so far (at first, the last the base columns reflect); every entry after
        /// the base's up to it is this process's.
        var appendedThrough: Int64
        /// Whether an entry was written by another writer (a gap before one of this process's).
        var interleaved = false
        var arrivals = RecordArrivals()
        /// Subjects whose new records cannot come from memory alone: held by the base, or changed.
        var reread: Set<SubjectID> = []
    }

    let state = Mutex<State?>(nil)

    /// Notes the entries `first...last` this process appended in one transaction.
    func appended(_ first: Int64, through last: Int64) {
        state.withLock { state in
            guard state != nil else { return }
            if first != state!.appendedThrough + 1 { state!.interleaved = true }
            state!.appendedThrough = last
        }
    }

    /// Notes records stored in a transaction, each with what became of it.
    func stored(_ records: [Record], outcomes: [SubmissionOutcome]) {
        state.withLock { state in
            guard state != nil else { return }
            for (record, outcome) in zip(records, outcomes) {
                switch outcome {
                case .created:
                    if state!.reread.contains(record.subject) { continue }
                    if state!.base.contains(SubjectKey(record.subject)) {
                        state!.reread.insert(record.subject)
                    } else {
                        state!.arrivals.add(record)
                    }
                case .updated:
                    state!.reread.insert(record.subject)
                case .unchanged, .refused:
                    continue
                }
            }
        }
    }
}

extension SQLiteRegistry {
    public func beginBulkLoad() async throws {
        await snapshotWrites.finish()
        let (last, empty) = try await pool.read { db in
            (
                try self.lastSequence(in: db),
                try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM record)") ?? false)
            )
        }
        let base: RecordColumns
        if empty {
            base = RecordColumns()
        } else if FileManager.default.fileExists(atPath: columnsPath) {
            // The snapshot, caught up with the log; a start would do the same.
            base = try await recordColumns().inIdentifierOrder()
        } else {
            // Without a snapshot, gathering the columns means reading every file: the first start does that.
            return
        }
        // Entries written between reading `last` and now show as a gap, and the load saves nothing.
        bulkLoad.state.withLock { $0 = BulkLoadColumns.State(base: base, appendedThrough: last) }
    }

    public func finishBulkLoad() async throws -> Bool {
        guard
            var state = bulkLoad.state.withLock({ state in
                defer { state = nil }; return state
            })
        else {
            return false
        }
        let (last, hash) = try await pool.read { db in
            (try self.lastSequence(in: db), try self.hash(at: nil, in: db) ?? AccessEntry.genesis)
        }
        guard !state.interleaved, state.appendedThrough == last else { return false }
        let reread = Array(state.reread)
        // Records of a subject read again must not arrive twice.
        state.arrivals.remove(subjects: Set(reread.map(SubjectKey.init)))
        var columns = state.base.adding(&state.arrivals)
        let files = try await pool.read { db in try reread.map { try self.file(of: $0, in: db) } }
        columns = columns.replacing(files)
        try ColumnsSnapshot(columns: columns, sequence: last, hash: hash).save(to: columnsPath, sealer: sealer)
        return true
    }
}
