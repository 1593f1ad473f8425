import CandorCore
import CandorRegistry
import Foundation
import GRDB

extension SQLiteRegistry {
    public func submit(_ records: [CandorCore.Record], at time: Date) async throws -> [SubmissionOutcome] {
        try await unlogged { db in try self.submit(records, at: time.timeIntervalSince1970, in: db) }
    }

    func submit(_ records: [Record], at time: Double, in db: Database) throws -> [SubmissionOutcome] {
        var keys = SubjectKeys(sealer: sealer)
        return try submit(records, at: time, in: db, keys: &keys)
    }

    /// Stores each record unless its (agency, reference) is already taken, and compares it with the
    /// stored one when it is. `keys` computes each subject's index and sealed identifier once.
    func submit(_ records: [Record], at time: Double, in db: Database, keys: inout SubjectKeys) throws
        -> [SubmissionOutcome]
    {
        var nextID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM record") ?? 0) + 1
        // Records take the next ids in arrival order, so each lands at the end of the table.
        let insert = try BoundStatement(
            """
            INSERT INTO record (id, subject, agency, reference, kind, occurred, amount, legal_basis, note,
                                fulfilled, retracted, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (agency, reference) DO NOTHING
            """, in: db)
        defer { insert.finalize() }
        let find = try db.cachedStatement(
            sql: "SELECT \(Self.recordColumns) FROM record WHERE agency = ? AND reference = ?")
        var outcomes: [SubmissionOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            insert.bind(nextID)
            insert.bind(try keys.number(of: record.subject, in: db))
            insert.bind(record.agency)
            insert.bind(record.reference)
            insert.bind(record.kind)
            insert.bind(record.occurred.ordinal)
            insert.bind(record.amount)
            insert.bind(record.legalBasis)
            insert.bind(record.note.map(sealer.seal))
            insert.bind(record.fulfilled?.ordinal)
            insert.bind(record.retracted?.ordinal)
            insert.bind(time)
            if try insert.run() == 1 {
                outcomes.append(.created(nextID))
                nextID += 1
                continue
            }
            guard let row = try Row.fetchOne(find, arguments: [record.agency, record.reference]) else {
                throw StoreError.unknownRecord(0)
            }
            let stored = try decodeRecord(row, in: db)
            switch RecordChange(stored: stored, incoming: record) {
            case .unchanged:
                outcomes.append(.unchanged(stored.id))
            case let .refused(reason):
                outcomes.append(.refused(reason))
            case let .update(fulfilled, retracted):
                try db.execute(
                    sql: """
                        UPDATE record SET fulfilled = coalesce(?, fulfilled), retracted = coalesce(?, retracted)
                        WHERE id = ?
                        """, arguments: [fulfilled?.ordinal, retracted?.ordinal, stored.id])
                for (kind, day) in [(RecordEvent.Kind.fulfilled, fulfilled), (.retracted, retracted)] {
                    guard let day else { continue }
                    try appendEvent(
                        RecordEvent(
                            recordID: stored.id, kind: kind, day: day,
                            recordedAt: Date(timeIntervalSince1970: time)),
                        subject: stored.subject, in: db)
                }
                outcomes.append(.updated(stored.id))
            }
        }
        bulkLoad.stored(records, outcomes: outcomes)
        return outcomes
    }

    func appendEvent(_ event: RecordEvent, subject: SubjectID, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO record_event (subject, record_id, kind, day, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                sealer.index(of: subject), event.recordID, event.kind.rawValue, event.day.ordinal, event.detail,
                event.recordedAt.timeIntervalSince1970,
            ])
    }
}

/// Each subject's index, sealed identifier and number, computed once per transaction however many of the
/// subject's records and log entries it writes.
struct SubjectKeys: Sendable {
    let sealer: DataSealer
    private var indexes: [SubjectID: Data] = [:]
    private var sealedIDs: [SubjectID: Data] = [:]
    private var numbers: [SubjectID: Int64] = [:]

    init(sealer: DataSealer) {
        self.sealer = sealer
    }

    /// Keys with the index and sealed identifier of each of these subjects already computed.
    init(sealer: DataSealer, preparing subjects: [SubjectID]) {
        self.sealer = sealer
        for subject in subjects where indexes[subject] == nil {
            indexes[subject] = sealer.index(of: subject)
            sealedIDs[subject] = sealer.seal(subject.text)
        }
    }

    mutating func index(of subject: SubjectID) -> Data {
        if let index = indexes[subject] { return index }
        let index = sealer.index(of: subject)
        indexes[subject] = index
        return index
    }

    /// The sealed identifier; the subject's row and its log entries may share one sealing.
    mutating func sealed(_ subject: SubjectID) -> Data {
        if let sealed = sealedIDs[subject] { return sealed }
        let sealed = sealer.seal(subject.text)
        sealedIDs[subject] = sealed
        return sealed
    }

    /// The subject's number, given when the registry first sees the subject (its row is made then).
    mutating func number(of subject: SubjectID, in db: Database) throws -> Int64 {
        if let number = numbers[subject] { return number }
        let index = index(of: subject)
        try db.cachedStatement(sql: "INSERT INTO subject (key, sealed_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")
            .execute(arguments: [index, sealed(subject)])
        let number =
            db.changesCount == 1
            ? db.lastInsertedRowID
            : try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT number FROM subject WHERE key = ?"), arguments: [index])!
        numbers[subject] = number
        return number
    }
}
