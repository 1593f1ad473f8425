import CandorCore
import CandorRegistry
import Foundation
import GRDB
import Synchronization

extension SQLiteRegistry {
    /// Where the registry keeps its `ColumnsSnapshot`: beside the database, sealed with the same data key.
    public var columnsPath: String { path + ".columns" }

    /// The record columns from the snapshot beside the database, brought up to date by reading again the
    /// subjects whose records or disputes changed since it was saved; or, when there is no usable
    /// snapshot, from every subject file. Either way the snapshot is then saved for next time.
    public func recordColumns() async throws -> RecordColumns { try await loadRecordColumns().columns }

    /// `recordColumns()`, with the snapshot written in the background: at national scale writing it takes
    /// longer than rating everyone. `shutdown()` waits for the write.
    public func recordColumnsSavingLater() async throws -> RecordColumns {
        try await loadRecordColumns(savingLater: true).columns
    }

    /// Where the columns came from: the snapshot as it was, the snapshot and `n` subjects read again, or
    /// every subject file.
    public enum ColumnsSource: Sendable, Equatable {
        case snapshot
        case caughtUp(subjects: Int)
        case rebuilt
    }

    /// `recordColumns()`, saying where they came from; with `savingLater`, the snapshot is written after
    /// returning.
    public func loadRecordColumns(savingLater: Bool = false) async throws -> (
        columns: RecordColumns, source: ColumnsSource
    ) {
        func save(_ columns: RecordColumns, sequence: Int64, hash: String) {
            let snapshot = ColumnsSnapshot(columns: columns, sequence: sequence, hash: hash)
            let (path, sealer) = (columnsPath, sealer)
            if savingLater {
                snapshotWrites.enqueue { try? snapshot.save(to: path, sealer: sealer) }
            } else {
                try? snapshot.save(to: path, sealer: sealer)
            }
        }
        let (last, lastHash) = try await pool.read { db in
            (try self.lastSequence(in: db), try self.hash(at: nil, in: db) ?? AccessEntry.genesis)
        }
        if let snapshot = ColumnsSnapshot.load(from: columnsPath, sealer: sealer), snapshot.sequence <= last,
            try await pool.read({ db in try self.hash(at: snapshot.sequence, in: db) }) == snapshot.hash
        {
            guard snapshot.sequence < last else { return (snapshot.columns, .snapshot) }
            let changed = Set(try await subjectsChanged(after: snapshot.sequence, through: last))
            // Reading a file per changed subject beats reading every file until a large share changed.
            if changed.count <= max(1_000, snapshot.columns.subjects.count / 4) {
                // Subjects only refused a submission have no row and no place in the columns.
                let files = try await pool.read { db in
                    try changed.filter { try self.isKnown($0, in: db) }.map { try self.file(of: $0, in: db) }
                }
                let columns = snapshot.columns.replacing(files)
                // Entries that changed nothing (checks, reads) are not worth rewriting the file for.
                if !files.isEmpty { save(columns, sequence: last, hash: lastHash) }
                return (columns, .caughtUp(subjects: files.count))
            }
        }
        let columns = try await readColumnsFromEveryFile()
        save(columns, sequence: last, hash: lastHash)
        return (columns, .rebuilt)
    }

    /// The record columns read afresh from every subject file, as `buildRecordColumns()` reads them, but
    /// with the index space split into `parts` ranges read side by side: at national scale the records'
    /// pages lie scattered over tens of gigabytes, and one reader spends most of its time waiting on the
    /// disk for one page at a time.
    func readColumnsFromEveryFile(parts: Int = 16) async throws -> RecordColumns {
        let gathered = Gathered()
        // HMAC indexes spread evenly over their first byte; `Data([b])` sorts before every index starting
        // with b and after every index starting below it.
        let bounds = (0...parts).map { $0 == 0 ? Data() : $0 == parts ? nil : Data([UInt8($0 * 256 / parts)]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<parts {
                group.addTask {
                    var after = bounds[part]!
                    while true {
                        let (files, last) = try await self.pool.read { [after] db in
                            let files = try self.subjectFiles(
                                after: after, before: bounds[part + 1], limit: 2_000, in: db)
                            return (files, files.last.map { self.sealer.index(of: $0.subject) })
                        }
                        guard let last else { return }
                        gathered.columns.withLock { columns in
                            for file in files { columns.append(file) }
                        }
                        after = last
                    }
                }
            }
            try await group.waitForAll()
        }
        return gathered.columns.withLock { $0 }.inIdentifierOrder()
    }

    /// The columns the readers of `readColumnsFromEveryFile` append to, one page at a time.
    private final class Gathered: Sendable {
        let columns = Mutex(RecordColumns())
    }

    /// Makes a change the access log will not show (the demo's bulk load, names): the snapshot cannot tell
    /// it happened, so it is removed before and after.
    func unlogged<T: Sendable>(_ change: @escaping @Sendable (Database) throws -> T) async throws -> T {
        // A snapshot still being written would otherwise land after the removal.
        await snapshotWrites.finish()
        try? FileManager.default.removeItem(atPath: columnsPath)
        defer { try? FileManager.default.removeItem(atPath: columnsPath) }
        return try await pool.write(change)
    }

    private func isKnown(_ subject: SubjectID, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM subject WHERE key = ?)", arguments: [sealer.index(of: subject)])
            ?? false
    }

    func lastSequence(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM access_log") ?? 0
    }

    /// The hash of entry `sequence` (the last entry when `nil`); the chain's origin before any entry.
    func hash(at sequence: Int64?, in db: Database) throws -> String? {
        if sequence == 0 { return AccessEntry.genesis }
        let row =
            if let sequence {
                try String.fetchOne(db, sql: "SELECT hash FROM access_log WHERE sequence = ?", arguments: [sequence])
            } else {
                try String.fetchOne(db, sql: "SELECT hash FROM access_log ORDER BY sequence DESC LIMIT 1")
            }
        return row ?? (sequence == nil ? AccessEntry.genesis : nil)
    }
}
