import CandorCore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    /// The dispute `id` and its record, the dispute's row locked for the caller's transaction.
    func lockedDispute(id: Int64, on connection: PostgresConnection) async throws -> (Dispute, Record) {
        _ = try await connection.query("SELECT id FROM dispute WHERE id = \(id) FOR UPDATE", logger: logger)
        guard let found = try await disputeWithRecord(id: id, on: connection) else {
            throw StoreError.unknownDispute(id)
        }
        return found
    }

    public func appealDispute(id: Int64, on day: Day, reason: String, at time: Date, accessor: Accessor)
        async throws -> Dispute
    {
        try await writeTransaction { connection in
            let (dispute, record) = try await self.lockedDispute(id: id, on: connection)
            let appealed = try dispute.appealing(on: day, reason: reason)
            try await connection.query(
                """
                UPDATE dispute SET appeal_opened = \(day.ordinal), appeal_reason = \(ByteBuffer(bytes: self.sealer.seal(reason)))
                WHERE id = \(id)
                """, logger: self.logger)
            try await self.append(
                [
                    (
                        record.subject,
                        AccessNote.appealOpened(appealed, by: accessor)
                    )
                ],
                at: time, on: connection)
            return appealed
        }
    }

    public func decideAppeal(
        id: Int64, decision: Dispute.AppealDecision, on day: Day, reason: String, at time: Date, accessor: Accessor
    ) async throws -> Dispute {
        try await writeTransaction { connection in
            let (dispute, record) = try await self.lockedDispute(id: id, on: connection)
            let decided = try dispute.deciding(decision, on: day, reason: reason)
            try await connection.query(
                """
                UPDATE dispute SET appeal_decision = \(decision.rawValue), appeal_decided = \(day.ordinal),
                    appeal_decision_reason = \(ByteBuffer(bytes: self.sealer.seal(reason)))
                WHERE id = \(id)
                """, logger: self.logger)
            if decision == .overturned {
                try await connection.query(
                    "UPDATE record SET retracted = coalesce(retracted, \(day.ordinal)) WHERE id = \(record.id)",
                    logger: self.logger)
                try await self.appendEvent(
                    RecordEvent(recordID: record.id, kind: .retracted, day: day, recordedAt: time),
                    subject: record.subject, on: connection)
            }
            try await self.append(
                [
                    (
                        record.subject,
                        AccessNote.appealDecided(decided, by: accessor)
                    )
                ], at: time, on: connection)
            return decided
        }
    }

    public func openAppeals() async throws -> [(dispute: Dispute, record: Record)] {
        try await Self.all(
            try await self.query(
                """
                SELECT \(unescaped: Self.qualifiedDisputeColumns), \(unescaped: Self.joinedRecordColumns)
                FROM dispute d JOIN record r ON r.id = d.record_id JOIN subject s ON s.id = r.subject
                WHERE d.appeal_opened IS NOT NULL AND d.appeal_decision IS NULL ORDER BY d.appeal_opened, d.id
                """, logger: logger)
        ) { row in
            let count = Self.disputeColumnCount
            let subject = try sealer.openSubject(try row.makeRandomAccess()[count].decode(Data.self))
            return (try decodeDispute(row), try decodeRecord(row, subject: subject, offset: count + 1))
        }
    }
}
