import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    public func openDispute(recordID: Int64, on day: Day, at time: Date) async throws -> Dispute {
        try await unlogged { db in try self.openDispute(Dispute(recordID: recordID, opened: day), at: time, in: db) }
    }

    public func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date) async throws -> Dispute {
        try await unlogged { db in
            try self.answerDispute(id: id, answer: answer, on: day, reason: nil, at: time, in: db)
        }
    }

    func openDispute(_ draft: Dispute, at time: Date, in db: Database) throws -> Dispute {
        let (recordID, day) = (draft.recordID, draft.opened)
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT \(Self.recordColumns) FROM record WHERE id = ?", arguments: [recordID])
        else { throw StoreError.unknownRecord(recordID) }
        let record = try decodeRecord(row, in: db)
        if let open = try Int64.fetchOne(
            db, sql: "SELECT id FROM dispute WHERE record_id = ? AND answer IS NULL LIMIT 1", arguments: [recordID])
        {
            throw StoreError.disputeOpen(open)
        }
        try db.execute(
            sql:
                "INSERT INTO dispute (subject, record_id, opened, ground, reason, police_report) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                sealer.index(of: record.subject), recordID, day.ordinal, draft.ground.rawValue,
                sealer.seal(draft.reason), draft.policeReport.map { sealer.seal($0) },
            ])
        var dispute = draft
        dispute.id = db.lastInsertedRowID
        try appendEvent(
            RecordEvent(recordID: recordID, kind: .disputeOpened, day: day, recordedAt: time),
            subject: record.subject, in: db)
        return dispute
    }

    func answerDispute(
        id: Int64, answer: Dispute.Answer, on day: Day, reason: String?, at time: Date, in db: Database
    ) throws -> Dispute {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT subject, \(Self.disputeColumns) FROM dispute WHERE id = ?", arguments: [id])
        else { throw StoreError.unknownDispute(id) }
        let subject = try self.subject(index: row[0], in: db)
        let dispute = try decodeDispute(row, offset: 1).answering(answer, on: day, reason: reason)
        try db.execute(
            sql: "UPDATE dispute SET answer = ?, answered = ?, answer_reason = ? WHERE id = ?",
            arguments: [answer.rawValue, day.ordinal, reason.map { sealer.seal($0) }, id])
        try appendEvent(
            RecordEvent(
                recordID: dispute.recordID, kind: .disputeAnswered, day: day, recordedAt: time,
                detail: answer.rawValue), subject: subject, in: db)
        if answer == .retracted {
            try db.execute(
                sql: "UPDATE record SET retracted = coalesce(retracted, ?) WHERE id = ?",
                arguments: [day.ordinal, dispute.recordID])
            try appendEvent(
                RecordEvent(recordID: dispute.recordID, kind: .retracted, day: day, recordedAt: time),
                subject: subject, in: db)
        }
        return dispute
    }

    /// The dispute `id` and its subject, read inside the caller's transaction.
    func disputeAndSubject(id: Int64, in db: Database) throws -> (Dispute, SubjectID) {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT subject, \(Self.disputeColumns) FROM dispute WHERE id = ?", arguments: [id])
        else { throw StoreError.unknownDispute(id) }
        return (try decodeDispute(row, offset: 1), try subject(index: row[0], in: db))
    }

    public func appealDispute(id: Int64, on day: Day, reason: String, at time: Date, accessor: Accessor)
        async throws -> Dispute
    {
        try await pool.write { db in
            let (dispute, subject) = try self.disputeAndSubject(id: id, in: db)
            let appealed = try dispute.appealing(on: day, reason: reason)
            try db.execute(
                sql: "UPDATE dispute SET appeal_opened = ?, appeal_reason = ? WHERE id = ?",
                arguments: [day.ordinal, self.sealer.seal(reason), id])
            try self.append(
                [(subject, AccessNote.appealOpened(appealed, by: accessor))],
                at: time, in: db)
            return appealed
        }
    }

    public func decideAppeal(
        id: Int64, decision: Dispute.AppealDecision, on day: Day, reason: String, at time: Date, accessor: Accessor
    ) async throws -> Dispute {
        try await pool.write { db in
            let (dispute, subject) = try self.disputeAndSubject(id: id, in: db)
            let decided = try dispute.deciding(decision, on: day, reason: reason)
            try db.execute(
                sql:
                    "UPDATE dispute SET appeal_decision = ?, appeal_decided = ?, appeal_decision_reason = ? WHERE id = ?",
                arguments: [decision.rawValue, day.ordinal, self.sealer.seal(reason), id])
            if decision == .overturned {
                try db.execute(
                    sql: "UPDATE record SET retracted = coalesce(retracted, ?) WHERE id = ?",
                    arguments: [day.ordinal, dispute.recordID])
                try self.appendEvent(
                    RecordEvent(recordID: dispute.recordID, kind: .retracted, day: day, recordedAt: time),
                    subject: subject, in: db)
            }
            try self.append(
                [
                    (
                        subject,
                        AccessNote.appealDecided(decided, by: accessor)
                    )
                ], at: time, in: db)
            return decided
        }
    }

    public func openAppeals() async throws -> [(dispute: Dispute, record: CandorCore.Record)] {
        try await disputesWithRecords(
            where: "d.appeal_opened IS NOT NULL AND d.appeal_decision IS NULL ORDER BY d.appeal_opened, d.id")
    }
}
