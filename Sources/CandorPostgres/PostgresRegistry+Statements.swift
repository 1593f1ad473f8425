import CandorCore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    public func statements(of subject: SubjectID) async throws -> [Int64: String] {
        let rows = try await self.query(
            "SELECT record_id, text FROM record_statement WHERE subject = \(subjectKey(subject))", logger: logger)
        var found: [Int64: String] = [:]
        for try await (record, sealed) in rows.decode((Int64, Data).self) { found[record] = try sealer.open(sealed) }
        return found
    }

    public func setStatement(_ text: String, on record: Record, at time: Date, accessor: Accessor) async throws {
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO record_statement (record_id, subject, text, at)
                VALUES (\(record.id), \(self.subjectKey(record.subject)), \(ByteBuffer(bytes: self.sealer.seal(text))),
                        \(time.timeIntervalSince1970))
                ON CONFLICT (record_id) DO UPDATE SET text = excluded.text, at = excluded.at
                """, logger: self.logger)
            try await self.append(
                [
                    (
                        record.subject,
                        AccessNote(accessor, action: "attach statement to record \(record.id)", answer: "attached")
                    )
                ],
                at: time, on: connection)
        }
    }
}
