import CandorCore
import Foundation
import PostgresNIO

/// Each subject's inbox: notices written with the access log entries of their causes.
extension PostgresRegistry {
    public func notices(of subject: SubjectID, before: Int64?, limit: Int) async throws -> [Notice] {
        try await Self.all(
            try await client.query(
                """
                SELECT id, sequence, at_micros, cause, read_at FROM notice
                WHERE subject = \(subjectKey(subject)) AND id < \(before ?? Int64.max) ORDER BY id DESC LIMIT \(max(limit, 1))
                """, logger: logger)
        ) { row in
            let cells = row.makeRandomAccess()
            return Notice(
                id: try cells[0].decode(Int64.self), subject: subject, sequence: try cells[1].decode(Int64.self),
                at: Date(timeIntervalSince1970: Double(try cells[2].decode(Int64.self)) / 1_000_000),
                cause: try NoticeCause(text: try sealer.open(try cells[3].decode(Data.self))),
                read: try cells[4].decode(Double?.self).map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func unreadNotices(of subject: SubjectID) async throws -> Int {
        try await Self.all(
            try await client.query(
                "SELECT count(*) FROM notice WHERE subject = \(subjectKey(subject)) AND read_at IS NULL", logger: logger
            )
        ) { Int(try $0.decode(Int64.self)) }.first ?? 0
    }

    public func markNoticesRead(of subject: SubjectID, through id: Int64, at time: Date) async throws -> Int {
        try await Self.all(
            try await client.query(
                """
                UPDATE notice SET read_at = \(time.timeIntervalSince1970)
                WHERE subject = \(subjectKey(subject)) AND id <= \(id) AND read_at IS NULL RETURNING id
                """, logger: logger)
        ) { try $0.decode(Int64.self) }.count
    }
}
