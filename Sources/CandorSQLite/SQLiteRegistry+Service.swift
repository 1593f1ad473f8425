import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry: ServiceStore, BlockingLogStore {
    public func submit(_ records: [CandorCore.Record], at time: Date, accessor: Accessor) async throws
        -> [SubmissionOutcome]
    {
        // Each subject's index and sealed identifier are computed before the write, beside the writer
        // storing the batch before this one.
        let prepared = SubjectKeys(sealer: sealer, preparing: records.map(\.subject))
        return try await pool.write { db in
            var keys = prepared
            let outcomes = try self.submit(records, at: time.timeIntervalSince1970, in: db, keys: &keys)
            try self.append(
                AccessNote.submissions(records, outcomes: outcomes, by: accessor), at: time, in: db,
                keys: &keys)
            return outcomes
        }
    }

    public func record(id: Int64) async throws -> CandorCore.Record? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.recordColumns) FROM record WHERE id = ?", arguments: [id])
                .map { try self.decodeRecord($0, in: db) }
        }
    }

    public func dispute(id: Int64) async throws -> (dispute: Dispute, record: CandorCore.Record)? {
        try await pool.read { db in try self.disputeWithRecord(id: id, in: db) }
    }

    func disputeWithRecord(id: Int64, in db: Database) throws -> (dispute: Dispute, record: Record)? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT \(Self.disputeColumns) FROM dispute WHERE id = ?", arguments: [id])
        else { return nil }
        let dispute = try decodeDispute(row)
        guard
            let record = try Row.fetchOne(
                db, sql: "SELECT \(Self.recordColumns) FROM record WHERE id = ?", arguments: [dispute.recordID])
        else { return nil }
        return (dispute, try decodeRecord(record, in: db))
    }

    public func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: CandorCore.Record)] {
        try await disputesWithRecords(where: "r.agency = ? AND d.answer IS NULL ORDER BY d.opened, d.id", [agency])
    }

    /// Disputes (`d`) joined to their records (`r`) where `condition` holds, in its order.
    func disputesWithRecords(where condition: String, _ arguments: StatementArguments = [])
        async throws -> [(dispute: Dispute, record: CandorCore.Record)]
    {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.disputesWithRecordsSQL(where: condition), arguments: arguments).map { row in
                (try self.decodeDispute(row), try self.decodeRecord(row, offset: Self.disputeColumnCount, in: db))
            }
        }
    }

    /// The query of `disputesWithRecords`. Disputes are few and records many: `CROSS JOIN` keeps SQLite
    /// from walking every record of an agency through `record_by_reference` (`r.agency = ?`) to look for
    /// the few disputed ones, tens of millions of page reads at national scale.
    static func disputesWithRecordsSQL(where condition: String) -> String {
        """
        SELECT \(qualifiedDisputeColumns), \(qualifiedRecordColumns)
        FROM dispute d CROSS JOIN record r ON r.id = d.record_id WHERE \(condition)
        """
    }

    static var qualifiedDisputeColumns: String {
        disputeColumns.split(separator: ",").map { "d." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
    }

    static var disputeColumnCount: Int { disputeColumns.split(separator: ",").count }

    static var qualifiedRecordColumns: String {
        recordColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
    }

    public func openDispute(_ draft: Dispute, at time: Date, accessor: Accessor) async throws -> Dispute {
        let recordID = draft.recordID
        return try await pool.write { db in
            let dispute = try self.openDispute(draft, at: time, in: db)
            let record = try self.disputeWithRecord(id: dispute.id, in: db)!.record
            try self.append(
                [
                    (
                        record.subject,
                        AccessNote.disputeOpened(dispute, by: accessor)
                    )
                ], at: time, in: db)
            return dispute
        }
    }

    public func answerDispute(
        id: Int64, answer: Dispute.Answer, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Dispute {
        try await pool.write { db in
            let dispute = try self.answerDispute(id: id, answer: answer, on: day, reason: reason, at: time, in: db)
            let record = try self.disputeWithRecord(id: id, in: db)!.record
            try self.append(
                [
                    (
                        record.subject,
                        AccessNote.disputeAnswered(dispute, by: accessor)
                    )
                ],
                at: time, in: db)
            return dispute
        }
    }

    public func addReview(agency: String, subject: SubjectID, stars: Int, comment: String, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO review (agency, subject, stars, comment, at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (agency, subject) DO UPDATE
                    SET stars = excluded.stars, comment = excluded.comment, at = excluded.at
                    """,
                arguments: [agency, sealer.index(of: subject), stars, sealer.seal(comment), time.timeIntervalSince1970])
        }
    }

    public func recordCounts() async throws -> [RecordCount] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT agency, CAST(strftime('%Y', occurred * 86400, 'unixepoch') AS INTEGER) AS year, count(*)
                    FROM record GROUP BY agency, year ORDER BY agency, year
                    """
            ).map { RecordCount(agency: $0[0], year: $0[1], count: $0[2]) }
        }
    }

    public func agencyActivity() async throws -> [AgencyActivity] {
        try await pool.read { db in
            var activity: [String: AgencyActivity] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT agency, count(*) FROM record GROUP BY agency") {
                activity[row[0], default: AgencyActivity(agency: row[0])].records = row[1]
            }
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT r.agency, d.opened, d.answer, d.answered FROM dispute d CROSS JOIN record r ON r.id = d.record_id"
            ) {
                let agency: String = row[0]
                activity[agency, default: AgencyActivity(agency: agency)].disputes += 1
                if let answered = row[3] as Int32? {
                    activity[agency]!.answerDays.append(Int(answered) - Int(row[1] as Int32))
                    if (row[2] as String?) == Dispute.Answer.retracted.rawValue { activity[agency]!.overturned += 1 }
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT agency, stars FROM review") {
                activity[row[0], default: AgencyActivity(agency: row[0])].reviewStars.append(row[1])
            }
            return activity.values.sorted { $0.agency < $1.agency }
        }
    }
}
