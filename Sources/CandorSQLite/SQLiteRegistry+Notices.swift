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
                    SELECT id, sequence, at_micros, cause, read_at FROM notice
                    WHERE subject = ? AND id < ? ORDER BY id DESC LIMIT ?
                    """, arguments: [self.sealer.index(of: subject), before ?? Int64.max, max(limit, 1)]
            ).map { row in
                Notice(
                    id: row[0], subject: subject, sequence: row[1],
                    at: Date(timeIntervalSince1970: Double(row[2] as Int64) / 1_000_000),
                    cause: try NoticeCause(text: try self.sealer.open(row[3] as Data)),
                    read: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    public func unreadNotices(of subject: SubjectID) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM notice WHERE subject = ? AND read_at IS NULL",
                arguments: [self.sealer.index(of: subject)]) ?? 0
        }
    }

    public func markNoticesRead(of subject: SubjectID, through id: Int64, at time: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE notice SET read_at = ? WHERE subject = ? AND id <= ? AND read_at IS NULL",
                arguments: [time.timeIntervalSince1970, self.sealer.index(of: subject), id])
            return db.changesCount
        }
    }
}
