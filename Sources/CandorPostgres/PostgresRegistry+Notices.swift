import CandorCore
import Foundation
import PostgresNIO

/// Each subject's inbox: notices written with the access log entries of their causes.
extension PostgresRegistry {
    public func notices(of subject: SubjectID, before: Int64?, limit: Int) async throws -> [Notice] {
        try await Self.all(
            try await self.query(
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
            try await self.query(
                "SELECT count(*) FROM notice WHERE subject = \(subjectKey(subject)) AND read_at IS NULL", logger: logger
            )
        ) { Int(try $0.decode(Int64.self)) }.first ?? 0
    }

    public func markNoticesRead(of subject: SubjectID, through id: Int64, at time: Date) async throws -> Int {
        try await Self.all(
            try await self.query(
                """
                UPDATE notice SET read_at = \(time.timeIntervalSince1970)
                WHERE subject = \(subjectKey(subject)) AND id <= \(id) AND read_at IS NULL RETURNING id
                """, logger: logger)
        ) { try $0.decode(Int64.self) }.count
    }
}

/// Denied checks and the corrections sent to their counters.
extension PostgresRegistry {
    public func denials(of subject: SubjectID, since: Day) async throws -> [CheckDenial] {
        try await Self.all(
            try await self.query(
                """
                SELECT id, key_id, action, day, lists, last_record FROM check_denial
                WHERE subject = \(subjectKey(subject)) AND day >= \(since.ordinal) ORDER BY id
                """, logger: logger)
        ) { row in
            let cells = row.makeRandomAccess()
            return CheckDenial(
                id: try cells[0].decode(Int64.self), key: try cells[1].decode(String.self), subject: subject,
                action: try cells[2].decode(String.self), day: Day(ordinal: try cells[3].decode(Int32.self)),
                lists: try cells[4].decode(String.self).split(separator: ",").map(String.init),
                lastRecord: try cells[5].decode(Int64.self))
        }
    }

    public func sendCorrections(
        _ corrections: [(denial: CheckDenial, record: Int64, correction: Correction)], at time: Date
    ) async throws {
        guard !corrections.isEmpty else { return }
        try await writeTransaction { connection in
            var notes: [(SubjectID?, AccessNote)] = []
            for (denial, record, correction) in corrections {
                let inserted = try await Self.all(
                    try await connection.query(
                        """
                        INSERT INTO provider_notice (key_id, denial_id, record_id, at, correction)
                        VALUES (\(denial.key), \(denial.id), \(record), \(time.timeIntervalSince1970),
                                \(ByteBuffer(bytes: self.sealer.seal(correction.data))))
                        ON CONFLICT (denial_id, record_id) DO NOTHING RETURNING id
                        """, logger: self.logger)
                ) { try $0.decode(Int64.self) }
                if let notice = inserted.first {
                    try await connection.query(
                        """
                        INSERT INTO outbox (webhook_id, audience, notice_id, ordering, next_at, created)
                        SELECT id, 'providers', \(notice), \(denial.key), \(time.timeIntervalSince1970), \(time.timeIntervalSince1970)
                        FROM webhook WHERE audience = 'providers'
                        """, logger: self.logger)
                    notes.append((denial.subject, .correctionSent(denial, record: record)))
                }
            }
            try await self.append(notes, at: time, on: connection)
        }
    }

    public func providerNotices(key: String, before: Int64?, limit: Int) async throws -> [ProviderNotice] {
        try await Self.all(
            try await self.query(
                """
                SELECT id, at, correction FROM provider_notice
                WHERE key_id = \(key) AND id < \(before ?? Int64.max) ORDER BY id DESC LIMIT \(max(limit, 1))
                """, logger: logger)
        ) { row in
            let cells = row.makeRandomAccess()
            return ProviderNotice(
                id: try cells[0].decode(Int64.self), at: Date(timeIntervalSince1970: try cells[1].decode(Double.self)),
                correction: try Correction(data: try sealer.open(try cells[2].decode(Data.self))))
        }
    }
}
