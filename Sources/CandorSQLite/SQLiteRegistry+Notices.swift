import CandorCore
import Foundation
import GRDB

/// Each subject's inbox: notices written with the access log entries of their causes.
extension SQLiteRegistry {
    public func notices(of subject: SubjectID, before: Int64?, limit: Int) async throws -> [Notice] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, sequence, at_micros, cause, record_id, read_at FROM notice
                    WHERE subject = \(Self.subjectNumber) AND id < ? ORDER BY id DESC LIMIT ?
                    """, arguments: [self.sealer.index(of: subject), before ?? Int64.max, max(limit, 1)]
            ).map { row in
                Notice(
                    id: row[0], subject: subject, sequence: row[1],
                    at: Date(timeIntervalSince1970: Double(row[2] as Int64) / 1_000_000),
                    cause: try self.noticeCause(sealed: row[3], record: row[4], in: db),
                    read: (row[5] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    /// A notice's cause as stored: sealed, or — for a record created, the commonest by far — the record's id
    /// alone, its cause read back from the record (whose agency, reference, kind and day never change).
    func noticeCause(sealed: Data, record: Int64?, in db: Database) throws -> NoticeCause {
        guard let record else { return try NoticeCause(text: try sealer.open(sealed)) }
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT agency, reference, kind, occurred FROM record WHERE id = ?", arguments: [record])
        else { throw DatabaseError(message: "a notice names record \(record), which the registry does not hold") }
        return .recordCreated(
            record: record, agency: row[0], reference: row[1], kind: row[2], occurred: Day(ordinal: row[3]))
    }

    public func unreadNotices(of subject: SubjectID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM notice WHERE subject = \(Self.subjectNumber) AND read_at IS NULL",
                arguments: [self.sealer.index(of: subject)]) ?? 0
        }
    }

    public func markNoticesRead(of subject: SubjectID, through id: Int64, at time: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql:
                    "UPDATE notice SET read_at = ? WHERE subject = \(Self.subjectNumber) AND id <= ? AND read_at IS NULL",
                arguments: [time.timeIntervalSince1970, self.sealer.index(of: subject), id])
            return db.changesCount
        }
    }
}

/// Denied checks and the corrections sent to their counters.
extension SQLiteRegistry {
    public func denials(of subject: SubjectID, since: Day) async throws -> [CheckDenial] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, key_id, action, day, lists, last_record FROM check_denial
                    WHERE subject = ? AND day >= ? ORDER BY id
                    """,
                arguments: [self.sealer.index(of: subject), since.ordinal]
            ).map { row in
                CheckDenial(
                    id: row[0], key: row[1], subject: subject, action: row[2], day: Day(ordinal: row[3]),
                    lists: (row[4] as String).split(separator: ",").map(String.init), lastRecord: row[5])
            }
        }
    }

    public func sendCorrections(
        _ corrections: [(denial: CheckDenial, record: Int64, correction: Correction)], at time: Date
    ) async throws {
        guard !corrections.isEmpty else { return }
        try await pool.write { db in
            var notes: [(SubjectID?, AccessNote)] = []
            for (denial, record, correction) in corrections {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO provider_notice (key_id, denial_id, record_id, at, correction)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        denial.key, denial.id, record, time.timeIntervalSince1970, self.sealer.seal(correction.data),
                    ])
                if db.changesCount == 1 {
                    try self.enqueue(.providers, notice: db.lastInsertedRowID, ordering: denial.key, at: time, in: db)
                    notes.append((denial.subject, .correctionSent(denial, record: record)))
                }
            }
            try self.append(notes, at: time, in: db)
        }
    }

    public func providerNotices(key: String, before: Int64?, limit: Int) async throws -> [ProviderNotice] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, at, correction FROM provider_notice WHERE key_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                arguments: [key, before ?? Int64.max, max(limit, 1)]
            ).map { row in
                ProviderNotice(
                    id: row[0], at: Date(timeIntervalSince1970: row[1]),
                    correction: try Correction(data: try self.sealer.open(row[2] as Data)))
            }
        }
    }
}
