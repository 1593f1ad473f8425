import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    public func statements(of subject: SubjectID) async throws -> [Int64: String] {
        try await pool.read { db in
            var found: [Int64: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT record_id, text FROM record_statement WHERE subject = ?",
                arguments: [self.sealer.index(of: subject)])
            {
                found[row[0]] = try self.sealer.open(row[1] as Data)
            }
            return found
        }
    }

    public func setStatement(_ text: String, on record: CandorCore.Record, at time: Date, accessor: Accessor)
        async throws
    {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO record_statement (record_id, subject, text, at) VALUES (?, ?, ?, ?)",
                arguments: [
                    record.id, self.sealer.index(of: record.subject), self.sealer.seal(text),
                    time.timeIntervalSince1970,
                ])
            try self.append(
                [
                    (
                        record.subject,
                        AccessNote(accessor, action: "attach statement to record \(record.id)", answer: "attached")
                    )
                ],
                at: time, in: db)
        }
    }
}
