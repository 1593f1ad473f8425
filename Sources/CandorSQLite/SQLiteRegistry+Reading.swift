import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    static let recordColumns =
        "subject, id, agency, reference, kind, occurred, amount, legal_basis, note, fulfilled, retracted"
    static let disputeColumns =
        "id, record_id, opened, answer, answered, ground, reason, police_report, answer_reason, appeal_opened, "
        + "appeal_reason, appeal_decision, appeal_decided, appeal_decision_reason"

    /// Decodes the `recordColumns` of a row, starting at column `offset`; the row's subject column holds
    /// only the subject's index, so the caller names the subject.
    func decodeRecord(_ row: Row, subject: SubjectID, offset o: Int = 0) throws -> Record {
        Record(
            id: row[o + 1], agency: row[o + 2], reference: row[o + 3], subject: subject, kind: row[o + 4],
            occurred: Day(ordinal: row[o + 5]), amount: row[o + 6], legalBasis: row[o + 7],
            note: try (row[o + 8] as Data?).map { try sealer.open($0) },
            fulfilled: (row[o + 9] as Int32?).map(Day.init(ordinal:)),
            retracted: (row[o + 10] as Int32?).map(Day.init(ordinal:)))
    }

    /// Decodes a record whose subject is not known yet, looking the subject up by its number.
    func decodeRecord(_ row: Row, offset: Int = 0, in db: Database) throws -> Record {
        try decodeRecord(row, subject: subject(number: row[offset], in: db), offset: offset)
    }

    /// The subject a number stands for.
    func subject(number: Int64, in db: Database) throws -> SubjectID {
        try subject(where: "number", is: number, in: db)
    }

    /// The SQL for the number of the subject whose index is the statement's argument.
    static let subjectNumber = "(SELECT number FROM subject WHERE key = ?)"

    /// The subject a stored index stands for.
    func subject(index: Data, in db: Database) throws -> SubjectID {
        try subject(where: "key", is: index, in: db)
    }

    /// The subject of the row of the subject table whose `column` (its key or its number) holds `value`.
    private func subject(where column: String, is value: some DatabaseValueConvertible, in db: Database) throws
        -> SubjectID
    {
        guard
            let sealed = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT sealed_id FROM subject WHERE \(column) = ?"), arguments: [value])
        else { throw DatabaseError(message: "a row names a subject the registry does not hold") }
        return try sealer.openSubject(sealed)
    }

    /// Decodes the `disputeColumns` of a row, starting at column `offset`; reasons and police reports are
    /// sealed like notes.
    func decodeDispute(_ row: Row, offset o: Int = 0) throws -> Dispute {
        func open(_ index: Int) throws -> String? { try (row[index] as Data?).map { try sealer.open($0) } }
        return Dispute(
            id: row[o], recordID: row[o + 1], opened: Day(ordinal: row[o + 2]),
            answer: (row[o + 3] as String?).flatMap(Dispute.Answer.init(rawValue:)),
            answered: (row[o + 4] as Int32?).map(Day.init(ordinal:)),
            ground: Dispute.Ground(rawValue: row[o + 5]) ?? .error, reason: try open(o + 6) ?? "",
            policeReport: try open(o + 7), answerReason: try open(o + 8),
            appeal: try (row[o + 9] as Int32?).map { opened in
                Dispute.Appeal(
                    opened: Day(ordinal: opened), reason: try open(o + 10) ?? "",
                    decision: (row[o + 11] as String?).flatMap(Dispute.AppealDecision.init(rawValue:)),
                    decided: (row[o + 12] as Int32?).map(Day.init(ordinal:)), decisionReason: try open(o + 13))
            })
    }

    /// Everything about one subject, read inside the caller's transaction.
    func file(of subject: SubjectID, in db: Database) throws -> SubjectFile {
        let index = sealer.index(of: subject)
        let records = try Row.fetchAll(
            db, sql: "SELECT \(Self.recordColumns) FROM record WHERE subject = \(Self.subjectNumber) ORDER BY id",
            arguments: [index]
        ).map { try decodeRecord($0, subject: subject) }
        let disputes = try Row.fetchAll(
            db, sql: "SELECT \(Self.disputeColumns) FROM dispute WHERE subject = ? ORDER BY id", arguments: [index]
        ).map { try decodeDispute($0) }
        let repairs = try Row.fetchAll(
            db, sql: "SELECT \(Self.repairColumns) FROM repair WHERE subject = ? ORDER BY id", arguments: [index]
        ).map { try decodeRepair($0) }
        let permits = try Row.fetchAll(
            db, sql: "SELECT \(Self.permitColumns) FROM permit WHERE subject = ? ORDER BY id", arguments: [index]
        ).map { try decodePermit($0, in: db) }
        let roles = try self.roles(of: index, in: db)
        return SubjectFile(
            subject: subject, records: records, disputes: disputes, repairs: repairs, permits: permits, roles: roles)
    }

    /// A subject's file with the files of the organisations they hold roles in, read inside the caller's
    /// transaction.
    func fileWithOrganisations(of subject: SubjectID, in db: Database) throws -> SubjectFile {
        var file = try self.file(of: subject, in: db)
        for organisation in Set(file.roles.map(\.organisation)) {
            file.organisations[organisation] = try self.file(of: organisation, in: db)
        }
        return file
    }

    public func file(of subject: SubjectID) async throws -> SubjectFile {
        try await pool.read { db in try self.fileWithOrganisations(of: subject, in: db) }
    }

    public func records(of subject: SubjectID) async throws -> [CandorCore.Record] {
        try await pool.read { db in try self.file(of: subject, in: db).records }
    }

    public func record(agency: String, reference: String) async throws -> CandorCore.Record? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.recordColumns) FROM record WHERE agency = ? AND reference = ?",
                arguments: [agency, reference]
            ).map { try self.decodeRecord($0, in: db) }
        }
    }

    public func disputes(of subject: SubjectID) async throws -> [Dispute] {
        try await pool.read { db in try self.file(of: subject, in: db).disputes }
    }

    public func events(of subject: SubjectID) async throws -> [RecordEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT record_id, kind, day, detail, recorded_at FROM record_event WHERE subject = ? ORDER BY id
                    """, arguments: [sealer.index(of: subject)]
            ).compactMap { row in
                guard let kind = RecordEvent.Kind(rawValue: row[1]) else { return nil }
                return RecordEvent(
                    recordID: row[0], kind: kind, day: Day(ordinal: row[2]),
                    recordedAt: Date(timeIntervalSince1970: row[4]), detail: row[3])
            }
        }
    }

    public func subjectFiles(after subject: SubjectID?, limit: Int) async throws -> [SubjectFile] {
        try await pool.read { db in
            try self.subjectFiles(after: subject.map(self.sealer.index(of:)) ?? Data(), limit: max(limit, 1), in: db)
        }
    }

    /// Reads a page of up to `limit` subjects, in index order, after `start` and before `end` (when given),
    /// and all of their records and disputes: three range scans.
    func subjectFiles(after start: Data, before end: Data? = nil, limit: Int, in db: Database) throws
        -> [SubjectFile]
    {
        let subjects = try Row.fetchAll(
            db, sql: "SELECT key, sealed_id FROM subject WHERE key > ? AND key < ? ORDER BY key LIMIT ?",
            // Indexes are 16 bytes: 17 bytes of 0xFF sort after every one of them.
            arguments: [start, end ?? Data(repeating: 0xFF, count: 17), limit]
        ).map { row in (index: row[0] as Data, subject: try sealer.openSubject(row[1])) }
        guard let first = subjects.first?.index, let last = subjects.last?.index else { return [] }
        // Records come in the subjects' order, and every subject between the first and the last is on the
        // page: each record's subject is found by walking forward, with no lookup.
        var records = [[Record]](repeating: [], count: subjects.count)
        var position = 0
        let recordRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT s.key, \(Self.qualifiedRecordColumns) FROM subject s JOIN record r ON r.subject = s.number
                WHERE s.key BETWEEN ? AND ? ORDER BY s.key, r.id
                """, arguments: [first, last])
        while let row = try recordRows.next() {
            let index: Data = row[0]
            while position < subjects.count, subjects[position].index != index { position += 1 }
            guard position < subjects.count else {
                throw DatabaseError(message: "a record names a subject the registry does not hold")
            }
            records[position].append(try decodeRecord(row, subject: subjects[position].subject, offset: 1))
        }
        var disputes: [Data: [Dispute]] = [:]
        let disputeRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT subject, \(Self.disputeColumns) FROM dispute WHERE subject BETWEEN ? AND ? ORDER BY id
                """, arguments: [first, last])
        while let row = try disputeRows.next() {
            disputes[row[0], default: []].append(try decodeDispute(row, offset: 1))
        }
        // Repair applications and permits are few: read by subject range like the disputes.
        var repairs: [Data: [Repair]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT subject, \(Self.repairColumns) FROM repair WHERE subject BETWEEN ? AND ? ORDER BY id",
            arguments: [first, last])
        {
            repairs[row[0], default: []].append(try decodeRepair(row, offset: 1))
        }
        var roles: [Data: [Officer]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT \(Self.officerColumns) FROM officer WHERE person BETWEEN ? AND ? ORDER BY id",
            arguments: [first, last])
        {
            roles[row[4], default: []].append(try decodeOfficer(row, in: db))
        }
        var permits: [Data: [Permit]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT \(Self.permitColumns) FROM permit WHERE subject BETWEEN ? AND ? ORDER BY id",
            arguments: [first, last])
        {
            permits[row[1], default: []].append(try decodePermit(row, in: db))
        }
        return subjects.enumerated().map { position, subject in
            SubjectFile(
                subject: subject.subject, records: records[position], disputes: disputes[subject.index] ?? [],
                repairs: repairs[subject.index] ?? [], permits: permits[subject.index] ?? [],
                roles: roles[subject.index] ?? [])
        }
    }
}
