import CandorCore
import CandorRegistry
import Foundation
import GRDB
import Testing

@testable import CandorSQLite

/// The write path for bulk loads against the straightforward one: records in arrival order, notices of new
/// records by reference, and the record columns a load keeps for the next start.
@Suite("Bulk loads")
struct BulkLoadTests {
    let accessor = Accessor(actor: "operator:test", purpose: "bulk load")

    /// The export lines of columns on one day, to compare two sets of columns subject by subject.
    func standings(_ columns: RecordColumns) -> [String] {
        var written: [UInt8] = []
        columns.writeExportLines(
            columns.rate(with: RatingEngine(policy: .shipped), asOf: Day(iso: "2026-11-26")!), policy: .shipped
        ) { written += $0 }
        return String(decoding: written, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// How many subjects' lines differ between two sets of columns (so a failure prints a number).
    func differing(_ one: RecordColumns, _ other: RecordColumns) -> Int {
        let (a, b) = (standings(one), standings(other))
        return zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count)
    }

    /// Submits records as `candor ingest` does: in batches, each logged.
    func load(_ records: some Collection<CandorCore.Record>, into store: SQLiteRegistry, batch: Int = 700) async throws
    {
        let all = Array(records)
        for start in stride(from: 0, to: all.count, by: batch) {
            _ = try await store.submit(
                Array(all[start..<min(start + batch, all.count)]), at: Date(), accessor: accessor)
        }
    }

    @Test("a load leaves the columns a start needs, equal to reading every file: new subjects, known ones, changes")
    func columnsKept() async throws {
        let records = cityRecords(people: 1500, businesses: 300, seed: 11)
        let third = records.count / 3
        try await withRegistry { store, _ in
            // Into an empty registry: every subject new, a subject's records scattered through the file.
            try await store.beginBulkLoad()
            try await load(records[..<third].sorted { $0.reference < $1.reference }, into: store)
            // A refusal logged between batches is this load's own entry too.
            try await store.log(
                [(records[0].subject, AccessNote(accessor, action: "submit court/X (court.x)", answer: "refused"))],
                at: Date())
            #expect(try await store.finishBulkLoad())
            let first = try await store.loadRecordColumns()
            #expect(first.source == .snapshot)
            #expect(first.columns.recordCount == third)
            #expect(differing(first.columns, try await store.buildRecordColumns()) == 0)

            // Into a registry with disputes: new subjects, more records of known ones, a fulfilment recorded
            // by loading a record again, and records loaded twice.
            try await disputeSome(in: store, ids: stride(from: Int64(3), through: Int64(third), by: 13))
            try await store.beginBulkLoad()
            var fulfilled = records[1]
            fulfilled.fulfilled = Day(iso: "2026-11-01")!
            try await load(records[third..<(2 * third)] + [fulfilled] + records[5..<40], into: store)
            #expect(try await store.finishBulkLoad())
            let second = try await store.loadRecordColumns()
            #expect(second.source == .snapshot)
            #expect(second.columns.recordCount == 2 * third)
            let fresh = try await store.buildRecordColumns()
            #expect(second.columns.isInIdentifierOrder)
            #expect(differing(second.columns, fresh) == 0)
            #expect(differing(second.columns, first.columns) > 0)
        }
    }

    @Test("a load with another writer in between saves nothing, and the next start catches up from the log")
    func anotherWriter() async throws {
        let records = cityRecords(people: 600, businesses: 100, seed: 12)
        let half = records.count / 2
        try await withRegistry { store, path in
            try await store.beginBulkLoad()
            try await load(records[..<half], into: store)
            let other = try SQLiteRegistry(path: path, sealer: testSealer)
            _ = try await other.submit(
                [
                    CandorCore.Record(
                        agency: "court", reference: "OTHER-1", subject: records[0].subject,
                        kind: "court.judgment-default", occurred: Day(iso: "2026-10-01")!)
                ], at: Date(), accessor: Accessor(actor: "agency:court", purpose: "submission"))
            try await other.shutdown()
            try await load(records[half...], into: store)
            #expect(try await store.finishBulkLoad() == false)
            #expect(!FileManager.default.fileExists(atPath: store.columnsPath))
            let columns = try await store.recordColumns()
            #expect(columns.recordCount == records.count + 1)
            #expect(differing(columns, try await store.buildRecordColumns()) == 0)
        }
    }

    @Test("a load into a registry with records and no snapshot leaves the reading to the start")
    func noSnapshot() async throws {
        let records = cityRecords(people: 300, businesses: 60, seed: 13)
        try await withRegistry { store, _ in
            try await load(records.prefix(100), into: store)
            try await store.beginBulkLoad()
            try await load(records.dropFirst(100), into: store)
            #expect(try await store.finishBulkLoad() == false)
            #expect(try await store.loadRecordColumns().source == .rebuilt)
        }
    }

    @Test("a notice of a new record names the record and reads back as the cause it was written for")
    func noticeByReference() async throws {
        try await withRegistry { store, path in
            let subject = try SubjectID("11010519491231002X")
            let record = CandorCore.Record(
                agency: "court", reference: "N-1", subject: subject, kind: "court.judgment-default",
                occurred: Day(iso: "2026-10-01")!)
            let outcome = try await store.submit([record], at: Date(), accessor: accessor)
            guard case let .created(id) = outcome[0] else {
                Issue.record("not created: \(outcome)")
                return
            }
            let notices = try await store.notices(of: subject, before: nil, limit: 10)
            #expect(
                notices.map(\.cause) == [
                    .recordCreated(
                        record: id, agency: "court", reference: "N-1", kind: "court.judgment-default",
                        occurred: Day(iso: "2026-10-01")!)
                ])
            // Nothing of the record is copied into the notice.
            let stored = try DatabaseQueue(path: path).read { db in
                try Row.fetchOne(db, sql: "SELECT length(cause), record_id FROM notice")
            }
            #expect(stored?[0] == 0 && stored?[1] == id)
        }
    }

    @Test("a registry of the subject-keyed layout is moved to arrival order with every record, id and notice")
    func migration() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry.sqlite").path
        let subject = try SubjectID("11010519491231002X")
        let cause = NoticeCause.recordCreated(
            record: 7, agency: "court", reference: "OLD-7", kind: "court.judgment-default",
            occurred: Day(iso: "2026-01-05")!)
        do {
            // The registry as the layout before arrival order wrote it.
            let queue = try DatabaseQueue(path: path)
            try SQLiteRegistry.migrator.migrate(queue, upTo: "v16: webhooks and their outbox")
            try await queue.write { db in
                let index = testSealer.index(of: subject)
                try db.execute(
                    sql: "INSERT INTO subject (key, sealed_id) VALUES (?, ?)",
                    arguments: [index, testSealer.seal(subject.text)])
                for (id, reference) in [(Int64(7), "OLD-7"), (9, "OLD-9")] {
                    try db.execute(
                        sql: """
                            INSERT INTO record (subject, id, agency, reference, kind, occurred, received_at)
                            VALUES (?, ?, 'court', ?, 'court.judgment-default', ?, 0)
                            """, arguments: [index, id, reference, Day(iso: "2026-01-05")!.ordinal])
                }
                try db.execute(
                    sql: "INSERT INTO notice (subject, sequence, at_micros, cause) VALUES (?, 1, 0, ?)",
                    arguments: [index, testSealer.seal(cause.text)])
            }
            try queue.close()
        }
        let store = try SQLiteRegistry(path: path, sealer: testSealer)
        #expect(try await store.records(of: subject).map(\.id) == [7, 9])
        #expect(try await store.notices(of: subject, before: nil, limit: 5).map(\.cause) == [cause])
        // Ids go on after the last, and a reference is still taken once.
        let again = CandorCore.Record(
            agency: "court", reference: "OLD-9", subject: subject, kind: "court.judgment-default",
            occurred: Day(iso: "2026-01-05")!)
        var new = again
        new.reference = "NEW-1"
        let outcomes = try await store.submit([again, new], at: Date(), accessor: accessor)
        #expect(outcomes == [.unchanged(9), .created(10)])
        try await store.shutdown()
    }
}
