import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    static let recordColumns =
        "subject, id, agency, reference, kind, occurred, amount, legal_basis, note, fulfilled, retracted"
    static let disputeColumns = "id, record_id, opened, answer, answered"

    /// Decodes the `recordColumns` of a row, starting at column `offset`.
    static func decodeRecord(_ row: Row, offset o: Int = 0) throws -> Record {
        let text: String = row[o]
        guard let subject = try? SubjectID(text) else {
            throw DatabaseError(message: "the stored subject '\(text)' is not a valid identifier")
        }
        return Record(
            id: row[o + 1], agency: row[o + 2], reference: row[o + 3], subject: subject, kind: row[o + 4],
            occurred: Day(ordinal: row[o + 5]), amount: row[o + 6], legalBasis: row[o + 7], note: row[o + 8],
            fulfilled: (row[o + 9] as Int32?).map(Day.init(ordinal:)),
            retracted: (row[o + 10] as Int32?).map(Day.init(ordinal:)))
    }

    /// Decodes the `disputeColumns` of a row, starting at column `offset`.
    static func decodeDispute(_ row: Row, offset: Int = 0) -> Dispute {
        Dispute(
            id: row[offset], recordID: row[offset + 1], opened: Day(ordinal: row[offset + 2]),
            answer: (row[offset + 3] as String?).flatMap(Dispute.Answer.init(rawValue:)),
            answered: (row[offset + 4] as Int32?).map(Day.init(ordinal:)))
    }

    /// Everything about one subject, read inside the caller's transaction.
    static func file(of subject: SubjectID, in db: Database) throws -> SubjectFile {
        let records = try Row.fetchAll(
            db, sql: "SELECT \(recordColumns) FROM record WHERE subject = ? ORDER BY id", arguments: [subject.text]
        ).map { try decodeRecord($0) }
        let disputes = try Row.fetchAll(
            db, sql: "SELECT \(disputeColumns) FROM dispute WHERE subject = ? ORDER BY id", arguments: [subject.text]
        ).map { decodeDispute($0) }
        return SubjectFile(subject: subject, records: records, disputes: disputes)
    }

    public func records(of subject: SubjectID) async throws -> [CandorCore.Record] {
        try await pool.read { db in try Self.file(of: subject, in: db).records }
    }

    public func record(agency: String, reference: String) async throws -> CandorCore.Record? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.recordColumns) FROM record WHERE agency = ? AND reference = ?",
                arguments: [agency, reference]
            ).map { try Self.decodeRecord($0) }
        }
    }

    public func disputes(of subject: SubjectID) async throws -> [Dispute] {
        try await pool.read { db in try Self.file(of: subject, in: db).disputes }
    }

    public func events(of subject: SubjectID) async throws -> [RecordEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT record_id, kind, day, detail, recorded_at FROM record_event WHERE subject = ? ORDER BY id
                    """, arguments: [subject.text]
            ).compactMap { row in
                guard let kind = RecordEvent.Kind(rawValue: row[1]) else { return nil }
                return RecordEvent(
                    recordID: row[0], kind: kind, day: Day(ordinal: row[2]),
                    recordedAt: Date(timeIntervalSince1970: row[4]), detail: row[3])
            }
        }
    }

    public func subjectFiles(after subject: SubjectID?, limit: Int) async throws -> [SubjectFile] {
        try await pool.read { db in try Self.subjectFiles(after: subject?.text ?? "", limit: max(limit, 1), in: db) }
    }

    /// Reads a page of `limit` subjects and all of their records and disputes: three range scans.
    static func subjectFiles(after start: String, limit: Int, in db: Database) throws -> [SubjectFile] {
        let subjects = try String.fetchAll(
            db, sql: "SELECT id FROM subject WHERE id > ? ORDER BY id LIMIT ?",
            arguments: [start, limit])
        guard let first = subjects.first, let last = subjects.last else { return [] }
        var records: [String: [Record]] = [:]
        let recordRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(recordColumns) FROM record WHERE subject BETWEEN ? AND ? ORDER BY subject, id
                """, arguments: [first, last])
        while let row = try recordRows.next() {
            let record = try decodeRecord(row)
            records[record.subject.text, default: []].append(record)
        }
        var disputes: [String: [Dispute]] = [:]
        let disputeRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT subject, \(disputeColumns) FROM dispute WHERE subject BETWEEN ? AND ? ORDER BY id
                """, arguments: [first, last])
        while let row = try disputeRows.next() {
            disputes[row[0], default: []].append(decodeDispute(row, offset: 1))
        }
        return try subjects.map { text in
            let subject = try records[text]?.first?.subject ?? SubjectID(text)
            return SubjectFile(subject: subject, records: records[text] ?? [], disputes: disputes[text] ?? [])
        }
    }
}
