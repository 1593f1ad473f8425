import CandorCore
import CandorRegistry
import CandorSynthetic
import Foundation
import Testing

import class GRDB.Row

@testable import CandorSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// The data key of the registries these tests make.
let testSealer = DataSealer(dataKey: DataSealer.newDataKey())

/// Runs `body` with a registry in a fresh temporary folder, removed afterwards.
func withRegistry(_ body: (SQLiteRegistry, String) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("candor-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("registry.sqlite").path
    try await body(try SQLiteRegistry(path: path, sealer: testSealer), path)
}

/// What the SQLite registry promises beyond the store conformance suite (Tests/CandorStoreTests), which
/// runs every store's shared behaviour on it.
@Suite("SQLite registry")
struct SQLiteRegistryTests {
    @Test("the writer is durable: WAL with synchronous = FULL, also after reopening")
    func durability() async throws {
        try await withRegistry { store, path in
            let synchronous = try store.writerSynchronous()
            #expect(synchronous == 2)
            try await store.shutdown()
            let reopened = try SQLiteRegistry(path: path, sealer: testSealer)
            #expect(try reopened.writerSynchronous() == 2)
        }
    }

    @Test("an agency's open disputes and repairs are found from the few disputes and repairs, not its records")
    func disputeQueriesStartFromDisputes() async throws {
        try await withRegistry { store, _ in
            // Without statistics SQLite would walk every record of the agency through record_by_reference.
            for (sql, table) in [
                (SQLiteRegistry.disputesWithRecordsSQL(where: "r.agency = ? AND d.answer IS NULL"), "d"),
                (SQLiteRegistry.repairsWithRecordsSQL(where: "r.agency = ? AND p.decision IS NULL"), "p"),
            ] {
                let details = try await store.pool.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["court"]).map {
                        $0["detail"] as String
                    }
                }
                #expect(
                    details.first?.hasPrefix("SCAN \(table)") == true
                        || details.first?.hasPrefix("SEARCH \(table)") == true, "\(details)")
                #expect(details.contains { $0.hasPrefix("SEARCH r USING INTEGER PRIMARY KEY") }, "\(details)")
            }
        }
    }

    @Test("a backup verifies; a file that is not a registry does not")
    func backup() async throws {
        try await withRegistry { store, path in
            _ = try await store.submit(
                [
                    Record(
                        agency: "court", reference: "A1", subject: try SubjectID("11010519491231002X"),
                        kind: "court.default", occurred: Day(iso: "2026-01-01")!)
                ],
                at: Date(), accessor: Accessor(actor: "test", purpose: "test"))
            let copy = path + ".backup"
            try store.backup(to: copy)
            #expect(try SQLiteRegistry.problem(withBackup: copy, sealer: testSealer) == nil)
            #expect(try SQLiteRegistry.problem(withBackup: path + ".missing", sealer: testSealer) != nil)
            let otherKey = DataSealer(dataKey: DataSealer.newDataKey())
            #expect(
                try SQLiteRegistry.problem(withBackup: copy, sealer: otherKey)?.contains("another data key") == true)
        }
    }

    @Test("a stolen file shows no identifier, name or note, in the database or its WAL; the key reads them back")
    func sealedAtRest() async throws {
        let city = SyntheticCity(
            configuration: .init(people: 1000, businesses: 200, seed: 7, until: Day(iso: "2026-11-26")!),
            policy: .shipped)
        var generator = city.makeGenerator()
        var records: [Record] = []
        var names: [SubjectID: String] = [:]
        while let chunk = generator.nextChunk() {
            for resident in chunk.residents { names[resident.id] = resident.name }
            records += chunk.records
        }
        let secretNote = "paid in cash at the Demo City court office"
        records = records.enumerated().map { index, record in
            var record = record
            record.note = "\(secretNote) #\(index)"
            return record
        }
        try #require(records.count > 20, "the city must have records to hide")
        try await withRegistry { store, path in
            let accessor = Accessor(actor: "test", purpose: "test")
            _ = try await store.submit(records, at: Date(), accessor: accessor)
            try await store.setNames(names)
            let first = records[0]
            _ = try await store.openDispute(recordID: 1, on: first.occurred, at: Date(), accessor: accessor)
            try await store.log(
                names.keys.map { ($0, AccessNote(accessor, action: "check", answer: "allowed")) }, at: Date())
            try await store.addKey(
                KeyGrant(
                    id: "0123456789ab", role: .subject, label: "own", agency: nil, actions: [], purposes: [],
                    subject: first.subject, created: Date(), revoked: nil),
                secretHash: String(repeating: "a", count: 64))

            // Through the registry, as the doors would: unlabelled subject keys, their reads, disputes and
            // reviews with comments, and a counter's checks.
            let registry = Registry(
                store: store, policy: .shipped, signer: AttestationSigner(), today: { Day(iso: "2026-11-26")! })
            let provider = try await Registry.createKey(
                KeyRequest(role: .provider, actions: ["rail.high-speed"], purposes: ["Ticket sale"]), policy: .shipped,
                store: store, at: Date(), by: .operator(user: "test"))
            let secretComment = "the clerk at window 3 was rude"
            let secretReason = "my former partner used my card at the station"
            let secretStatement = "I was in hospital when the notice came"
            for record in records.prefix(40) {
                let key = try await Registry.createKey(
                    KeyRequest(role: .subject, subject: record.subject.text), policy: .shipped, store: store,
                    at: Date(), by: .operator(user: "test"))
                let caller = Caller.key(key.grant)
                _ = try await registry.ownFile(action: "read rating", by: caller)
                _ = try? await registry.openDispute(
                    record: try #require(try await store.record(agency: record.agency, reference: record.reference)).id,
                    reason: "\(secretReason) #\(record.reference)", ground: .identityTheft,
                    policeReport: "Pudong police report \(record.reference)", by: caller)
                try await registry.review(
                    agency: record.agency, stars: 2, comment: "\(secretComment) #\(record.reference)", by: caller)
                let stored = try #require(try await store.record(agency: record.agency, reference: record.reference))
                _ = try await registry.attachStatement(
                    "\(secretStatement) #\(record.reference)", record: stored.id, by: caller)
                _ = try await registry.check(
                    record.subject.text, action: "rail.high-speed", purpose: "Ticket sale", by: .key(provider.grant))
            }

            var raw = Data()
            for file in [path, path + "-wal"] { raw += FileManager.default.contents(atPath: file) ?? Data() }
            #expect(raw.count > 50_000)
            let leaked = names.keys.filter { raw.contains(bytes: $0.text) }
            #expect(leaked.isEmpty, "identifiers in the file: \(leaked.prefix(3))")
            let leakedNames = names.values.filter { raw.contains(bytes: $0) }
            #expect(leakedNames.isEmpty, "names in the file: \(leakedNames.prefix(3))")
            #expect(!raw.contains(bytes: secretNote), "a note is in the file")
            #expect(!raw.contains(bytes: secretComment), "a review comment is in the file")
            #expect(!raw.contains(bytes: secretReason), "a dispute's reason is in the file")
            #expect(!raw.contains(bytes: "Pudong police report"), "a police report is in the file")
            #expect(!raw.contains(bytes: secretStatement), "a statement is in the file")
            #expect(raw.contains(bytes: "court.judgment-default"), "the search finds what is stored in the clear")

            // With the key, everything reads back as it was given.
            #expect(try await store.name(of: first.subject) == names[first.subject])
            let stored = try await store.records(of: first.subject)
            #expect(stored.contains { $0.reference == first.reference && $0.note == first.note })
            #expect(try await store.keys().first?.subject == first.subject)
            let disputed = try await store.disputes(of: records[1].subject)
            #expect(disputed.contains { $0.reason.hasPrefix(secretReason) && $0.ground == .identityTheft })
            #expect(try await store.accessLog(subject: first.subject, after: 0, limit: 100).count >= 2)
            #expect(try await store.counts().subjects == names.count)
        }
    }

    @Test("export's one-pass standings equal the engine's ratings, subject by subject")
    func standingsEqualRatings() async throws {
        let records = cityRecords(people: 3000, businesses: 600, seed: 9)
        try await withRegistry { store, _ in
            let accessor = Accessor(actor: "test", purpose: "test")
            _ = try await store.submit(records, at: Date(), accessor: accessor)
            try await disputeSome(in: store, ids: stride(from: Int64(1), through: 400, by: 7))
            let engine = RatingEngine(policy: .shipped)
            let day = Day(iso: "2026-11-26")!
            var expected: [String] = []
            try await store.forEachRating(engine: engine, asOf: day) { expected.append(ExportLine.json($0)) }
            #expect(expected.count > 1000)
            // The export's one pass gives the engine's lines, in identifier order (lines begin with the
            // subject, and identifiers have one length), from columns in any order.
            var inStoreOrder = RecordColumns()
            try await store.forEachPage { files in
                for file in files { inStoreOrder.append(file) }
            }
            #expect(!inStoreOrder.isInIdentifierOrder)
            for candidate in [try await store.recordColumns(), inStoreOrder] {
                var written: [UInt8] = []
                candidate.writeExportLines(candidate.rate(with: engine, asOf: day), policy: .shipped) {
                    written += $0
                }
                #expect(String(decoding: written, as: UTF8.self) == expected.sorted().map { $0 + "\n" }.joined())
            }
        }
    }

    @Test("the columns snapshot gives what reading every file gives: after logged changes, unlogged ones, damage")
    func columnsSnapshot() async throws {
        let records = cityRecords(people: 2000, businesses: 400, seed: 4)
        let engine = RatingEngine(policy: .shipped)
        let day = Day(iso: "2026-11-26")!
        /// How many subjects' lines differ between two sets of columns (so a failure prints a number).
        func differing(_ one: RecordColumns, _ other: RecordColumns) -> Int {
            let (a, b) = (standings(one), standings(other))
            return zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count)
        }
        func standings(_ columns: RecordColumns) -> [String] {
            var written: [UInt8] = []
            columns.writeExportLines(columns.rate(with: engine, asOf: day), policy: .shipped) { written += $0 }
            return String(decoding: written, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        try await withRegistry { store, _ in
            let accessor = Accessor(actor: "test", purpose: "test")
            let half = records.count / 2
            _ = try await store.submit(Array(records[..<half]), at: Date(), accessor: accessor)
            try await disputeSome(in: store, ids: stride(from: Int64(1), through: Int64(half), by: 9))
            // Read afresh, the index space in ranges side by side: what the straightforward reading gives.
            let rebuilt = try await store.loadRecordColumns()
            #expect(rebuilt.source == .rebuilt)
            #expect(differing(rebuilt.columns, try await store.buildRecordColumns()) == 0)
            #expect(
                rebuilt.columns.isInIdentifierOrder && rebuilt.columns.subjects.count > 100,
                "\(rebuilt.columns.subjects.count)")
            #expect(try await store.loadRecordColumns().source == .snapshot)
            let sealed = try Data(contentsOf: URL(fileURLWithPath: store.columnsPath))
            #expect(
                !records[..<half].contains { sealed.contains(bytes: $0.subject.text) }, "identifiers are sealed")

            // Logged changes: new subjects, more records for known ones, disputes on old records.
            _ = try await store.submit(Array(records[half...]), at: Date(), accessor: accessor)
            // (Not on the records disputed above, some of whose disputes are still open: one at a time.)
            for id in stride(from: Int64(5), through: Int64(records.count), by: 11) where (id - 1) % 9 != 0 || id > half
            {
                _ = try await store.openDispute(
                    recordID: id, on: Day(iso: "2026-10-01")!, at: Date(), accessor: accessor)
            }
            let (caughtUp, source) = try await store.loadRecordColumns()
            guard case let .caughtUp(subjects) = source else {
                Issue.record("the snapshot was not caught up: \(source)")
                return
            }
            #expect(subjects > 100)
            let fresh = try await store.buildRecordColumns()
            #expect(caughtUp.recordCount == records.count)
            #expect(differing(caughtUp, fresh) == 0)
            #expect(caughtUp.isInIdentifierOrder && fresh.isInIdentifierOrder)
            #expect(try await store.loadRecordColumns().source == .snapshot)
            #expect(differing(try await store.recordColumns(), fresh) == 0)

            // A damaged snapshot is read from the files again.
            var damaged = try Data(contentsOf: URL(fileURLWithPath: store.columnsPath))
            damaged[damaged.count / 2] ^= 1
            try damaged.write(to: URL(fileURLWithPath: store.columnsPath))
            #expect(try await store.loadRecordColumns().source == .rebuilt)

            // A change the log does not show removes the snapshot.
            _ = try await store.submit(
                [
                    Record(
                        agency: "court", reference: "UNLOGGED-1", subject: records[0].subject,
                        kind: "court.judgment-default", occurred: Day(iso: "2026-11-01")!)
                ], at: Date())
            #expect(!FileManager.default.fileExists(atPath: store.columnsPath))
            let after = try await store.loadRecordColumns()
            #expect(after.source == .rebuilt)
            #expect(after.columns.recordCount == records.count + 1)
        }
    }

    @Test("a server's snapshot, written after it answers, is on disk once the registry shuts down")
    func snapshotWrittenLater() async throws {
        let records = cityRecords(people: 300, businesses: 60, seed: 6)
        try await withRegistry { store, path in
            _ = try await store.submit(records, at: Date(), accessor: Accessor(actor: "test", purpose: "test"))
            let columns = try await store.recordColumnsSavingLater()
            #expect(columns.recordCount == records.count)
            try await store.shutdown()
            let reopened = try SQLiteRegistry(path: path, sealer: testSealer)
            let loaded = try await reopened.loadRecordColumns()
            #expect(loaded.source == .snapshot)
            #expect(loaded.columns.subjects == columns.subjects)
            #expect(loaded.columns.recordCount == records.count)
            // An unlogged change waits for a write still running before it removes the snapshot.
            try FileManager.default.removeItem(atPath: reopened.columnsPath)
            _ = try await reopened.recordColumnsSavingLater()
            try await reopened.setNames([records[0].subject: "A. Name"])
            #expect(!FileManager.default.fileExists(atPath: reopened.columnsPath))
            try await reopened.shutdown()
        }
    }

    @Test("snapshot writes run one at a time, in the order asked, and finish() waits for every one")
    func snapshotWritesInOrder() async {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var order: [Int] = []
        }
        let seen = Seen()
        let writes = SnapshotWrites()
        // Earlier writes take longer: run side by side, they would finish in reverse.
        for n in 0..<5 {
            writes.enqueue {
                usleep(UInt32(30_000 * (5 - n)))
                seen.lock.withLock { seen.order.append(n) }
            }
        }
        await writes.finish()
        #expect(seen.lock.withLock { seen.order } == [0, 1, 2, 3, 4])
    }

    @Test("a registry refuses a data key other than its own")
    func wrongKey() async throws {
        try await withRegistry { store, path in
            try await store.shutdown()
            #expect(throws: DataKeyMismatch.self) {
                try SQLiteRegistry(path: path, sealer: DataSealer(dataKey: DataSealer.newDataKey()))
            }
        }
    }
}

/// Opens a dispute on each record; answers every second one, upholding or retracting in turn.
func disputeSome(in store: SQLiteRegistry, ids: some Sequence<Int64>) async throws {
    let accessor = Accessor(actor: "test", purpose: "test")
    for id in ids {
        let dispute = try await store.openDispute(
            recordID: id, on: Day(iso: "2026-09-01")!, at: Date(), accessor: accessor)
        if id % 2 == 0 {
            _ = try await store.answerDispute(
                id: dispute.id, answer: id % 4 == 0 ? .retracted : .upheld, on: Day(iso: "2026-11-20")!,
                at: Date(), accessor: accessor)
        }
    }
}

/// Every record of a synthetic city on 2026-11-26 under the shipped policy.
func cityRecords(people: Int, businesses: Int, seed: UInt64) -> [Record] {
    let city = SyntheticCity(
        configuration: .init(
            people: people, businesses: businesses, seed: seed, until: Day(iso: "2026-11-26")!, intensity: 3),
        policy: .shipped)
    var generator = city.makeGenerator()
    var records: [Record] = []
    while let chunk = generator.nextChunk() { records += chunk.records }
    return records
}

extension Data {
    /// Whether the UTF-8 bytes of `text` occur anywhere in the data (memchr and memcmp, so a file of
    /// megabytes is searched for thousands of strings in moments, even in a debug build).
    func contains(bytes text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        return withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress else { return false }
            var offset = 0
            while offset + needle.count <= haystack.count {
                guard let hit = memchr(base + offset, Int32(first), haystack.count - offset - needle.count + 1)
                else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(hit, needle, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }
}
