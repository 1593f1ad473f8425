import CandorCore
import CandorRegistry
import Foundation
import PostgresNIO

/// Submissions, file reads, disputes, reviews, the agency board and keys.
extension PostgresRegistry {
    public func submit(_ records: [Record], at time: Date, accessor: Accessor) async throws -> [SubmissionOutcome] {
        try await writeTransaction { connection in
            let outcomes = try await self.submit(records, at: time, on: connection)
            let notes = AccessNote.submissions(records, outcomes: outcomes, by: accessor)
            try await self.append(notes, at: time, on: connection)
            return outcomes
        }
    }

    public func access<T: Sendable>(
        _ subject: SubjectID, at time: Date, _ body: @escaping @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T {
        try await transaction { connection in
            let (value, note) = try body(try await self.fileWithOrganisations(of: subject, on: connection))
            try await self.append([(subject, note)], at: time, on: connection)
            return value
        }
    }

    func disputeWithRecord(id: Int64, on connection: PostgresConnection) async throws -> (
        dispute: Dispute, record: Record
    )? {
        guard
            let dispute = try await Self.all(
                try await connection.query(
                    "SELECT \(unescaped: Self.disputeColumns) FROM dispute WHERE id = \(id)", logger: logger),
                { try self.decodeDispute($0) }
            ).first,
            let record = try await records(
                try await connection.query(
                    """
                    SELECT \(unescaped: Self.joinedRecordColumns) FROM record r JOIN subject s ON s.id = r.subject
                    WHERE r.id = \(dispute.recordID)
                    """, logger: logger)
            ).first
        else { return nil }
        return (dispute, record)
    }

    public func dispute(id: Int64) async throws -> (dispute: Dispute, record: Record)? {
        try await withConnection { connection in try await self.disputeWithRecord(id: id, on: connection) }
    }

    public func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: Record)] {
        try await Self.all(
            try await self.query(
                """
                SELECT \(unescaped: Self.qualifiedDisputeColumns), \(unescaped: Self.joinedRecordColumns)
                FROM dispute d JOIN record r ON r.id = d.record_id JOIN subject s ON s.id = r.subject
                WHERE r.agency = \(agency) AND d.answer IS NULL ORDER BY d.opened, d.id
                """, logger: logger)
        ) { row in
            let count = Self.disputeColumnCount
            let subject = try sealer.openSubject(try row.makeRandomAccess()[count].decode(Data.self))
            return (try decodeDispute(row), try decodeRecord(row, subject: subject, offset: count + 1))
        }
    }

    func openDispute(_ draft: Dispute, at time: Date, accessor: Accessor?) async throws -> Dispute {
        let (recordID, day) = (draft.recordID, draft.opened)
        return try await writeTransaction { connection in
            guard
                let record = try await self.records(
                    try await connection.query(
                        // The row lock makes concurrent openings of one record take turns.
                        """
                        SELECT \(unescaped: Self.joinedRecordColumns) FROM record r JOIN subject s ON s.id = r.subject
                        WHERE r.id = \(recordID) FOR UPDATE OF r
                        """, logger: self.logger)
                ).first
            else { throw StoreError.unknownRecord(recordID) }
            if let open = try await Self.all(
                try await connection.query(
                    "SELECT id FROM dispute WHERE record_id = \(recordID) AND answer IS NULL LIMIT 1",
                    logger: self.logger),
                { try $0.decode(Int64.self) }
            ).first {
                throw StoreError.disputeOpen(open)
            }
            let id =
                try await Self.all(
                    try await connection.query(
                        """
                        INSERT INTO dispute (subject, record_id, opened, ground, reason, police_report)
                        VALUES (\(self.subjectKey(record.subject)), \(recordID), \(day.ordinal), \(draft.ground.rawValue),
                                \(ByteBuffer(bytes: self.sealer.seal(draft.reason))),
                                \(draft.policeReport.map { ByteBuffer(bytes: self.sealer.seal($0)) }))
                        RETURNING id
                        """, logger: self.logger)
                ) { try $0.decode(Int64.self) }.first ?? 0
            try await self.appendEvent(
                RecordEvent(recordID: recordID, kind: .disputeOpened, day: day, recordedAt: time),
                subject: record.subject,
                on: connection)
            var dispute = draft
            dispute.id = id
            if let accessor {
                try await self.append(
                    [(record.subject, AccessNote.disputeOpened(dispute, by: accessor))], at: time, on: connection)
            }
            return dispute
        }
    }

    public func openDispute(recordID: Int64, on day: Day, at time: Date) async throws -> Dispute {
        try await openDispute(Dispute(recordID: recordID, opened: day), at: time, accessor: nil)
    }

    public func openDispute(_ draft: Dispute, at time: Date, accessor: Accessor) async throws -> Dispute {
        try await openDispute(draft, at: time, accessor: Optional(accessor))
    }

    func answerDispute(
        id: Int64, answer: Dispute.Answer, on day: Day, reason: String?, at time: Date, accessor: Accessor?
    ) async throws -> Dispute {
        try await writeTransaction { connection in
            guard var (dispute, record) = try await self.disputeWithRecord(id: id, on: connection) else {
                throw StoreError.unknownDispute(id)
            }
            dispute = try dispute.answering(answer, on: day, reason: reason)
            let sealedReason = reason.map { ByteBuffer(bytes: self.sealer.seal($0)) }
            let updated = try await Self.all(
                try await connection.query(
                    """
                    UPDATE dispute SET answer = \(answer.rawValue), answered = \(day.ordinal), answer_reason = \(sealedReason)
                    WHERE id = \(id) AND answer IS NULL RETURNING id
                    """, logger: self.logger)
            ) { try $0.decode(Int64.self) }
            guard !updated.isEmpty else { throw StoreError.alreadyAnswered(id) }
            try await self.appendEvent(
                RecordEvent(
                    recordID: record.id, kind: .disputeAnswered, day: day, recordedAt: time, detail: answer.rawValue),
                subject: record.subject, on: connection)
            if answer == .retracted {
                try await connection.query(
                    "UPDATE record SET retracted = coalesce(retracted, \(day.ordinal)) WHERE id = \(record.id)",
                    logger: self.logger)
                try await self.appendEvent(
                    RecordEvent(recordID: record.id, kind: .retracted, day: day, recordedAt: time),
                    subject: record.subject,
                    on: connection)
                record.retracted = record.retracted ?? day
            }
            if let accessor {
                try await self.append(
                    [
                        (
                            record.subject,
                            AccessNote.disputeAnswered(dispute, by: accessor)
                        )
                    ],
                    at: time, on: connection)
            }
            return dispute
        }
    }

    public func answerDispute(id: Int64, answer: Dispute.Answer, on day: Day, at time: Date) async throws -> Dispute {
        try await answerDispute(id: id, answer: answer, on: day, reason: nil, at: time, accessor: nil)
    }

    public func answerDispute(
        id: Int64, answer: Dispute.Answer, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Dispute {
        try await answerDispute(id: id, answer: answer, on: day, reason: reason, at: time, accessor: Optional(accessor))
    }

    public func addReview(agency: String, subject: SubjectID, stars: Int, comment: String, at time: Date) async throws {
        try await self.query(
            """
            INSERT INTO review (agency, subject, stars, sealed_comment, at)
            VALUES (\(agency), \(subjectKey(subject)), \(stars), \(sealer.seal(comment)), \(time.timeIntervalSince1970))
            ON CONFLICT (agency, subject) DO UPDATE
            SET stars = excluded.stars, sealed_comment = excluded.sealed_comment, at = excluded.at
            """, logger: logger)
    }

    public func agencyActivity() async throws -> [AgencyActivity] {
        var activity: [String: AgencyActivity] = [:]
        for try await (agency, count) in try await self.query(
            "SELECT agency, count(*) FROM record GROUP BY agency", logger: logger
        ).decode((String, Int64).self) {
            activity[agency, default: AgencyActivity(agency: agency)].records = Int(count)
        }
        for try await (agency, opened, answer, answered) in try await self.query(
            "SELECT r.agency, d.opened, d.answer, d.answered FROM dispute d JOIN record r ON r.id = d.record_id",
            logger: logger
        ).decode((String, Int32, String?, Int32?).self) {
            activity[agency, default: AgencyActivity(agency: agency)].disputes += 1
            if let answered {
                activity[agency]!.answerDays.append(Int(answered) - Int(opened))
                if answer == Dispute.Answer.retracted.rawValue { activity[agency]!.overturned += 1 }
            }
        }
        for try await (agency, stars) in try await self.query(
            "SELECT agency, stars FROM review ORDER BY id", logger: logger
        )
        .decode((String, Int32).self) {
            activity[agency, default: AgencyActivity(agency: agency)].reviewStars.append(Int(stars))
        }
        return activity.values.sorted { $0.agency < $1.agency }
    }

    public func recordCounts() async throws -> [RecordCount] {
        var counts: [RecordCount] = []
        for try await (agency, year, count) in try await self.query(
            """
            SELECT agency, CAST(extract(year FROM to_timestamp(occurred::double precision * 86400) AT TIME ZONE 'UTC') AS INTEGER) AS year,
                   count(*) FROM record GROUP BY agency, year ORDER BY agency, year
            """, logger: logger
        ).decode((String, Int32, Int64).self) {
            counts.append(RecordCount(agency: agency, year: Int(year), count: Int(count)))
        }
        return counts
    }

    public func addKey(_ grant: KeyGrant, secretHash: String) async throws {
        try await self.query(
            """
            INSERT INTO api_key (id, role, label, agency, actions, purpose, sealed_subject, secret_hash, created, revoked,
                                 expires)
            VALUES (\(grant.id), \(grant.role.rawValue), \(grant.label), \(grant.agency), \(grant.actions.joined(separator: ",")),
                    \(KeyGrant.stored(purposes: grant.purposes)), \(grant.subject.map { sealer.seal($0.text) }), \(secretHash), \(grant.created.timeIntervalSince1970),
                    \(grant.revoked?.timeIntervalSince1970), \(grant.expires?.timeIntervalSince1970))
            """, logger: logger)
    }

    func decodeKey(_ row: PostgresRow) throws -> (grant: KeyGrant, secretHash: String) {
        let cells = row.makeRandomAccess()
        let role = try cells[1].decode(String.self)
        guard let parsed = Role(rawValue: role) else { throw StoreError.dateBefore("unknown role \(role)") }
        let grant = KeyGrant(
            id: try cells[0].decode(String.self), role: parsed, label: try cells[2].decode(String.self),
            agency: try cells[3].decode(String?.self),
            actions: try cells[4].decode(String.self).split(separator: ",").map(String.init),
            purposes: KeyGrant.purposes(stored: try cells[5].decode(String?.self)),
            subject: try cells[6].decode(Data?.self).map { try sealer.openSubject($0) },
            created: Date(timeIntervalSince1970: try cells[8].decode(Double.self)),
            revoked: try cells[9].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
            expires: try cells[10].decode(Double?.self).map(Date.init(timeIntervalSince1970:)))
        return (grant, try cells[7].decode(String.self))
    }

    public func key(id: String) async throws -> (grant: KeyGrant, secretHash: String)? {
        try await Self.all(
            try await self.query(
                "SELECT id, role, label, agency, actions, purpose, sealed_subject, secret_hash, created, revoked, expires FROM api_key WHERE id = \(id)",
                logger: logger), decodeKey
        ).first
    }

    public func keys() async throws -> [KeyGrant] {
        try await Self.all(
            try await self.query(
                "SELECT id, role, label, agency, actions, purpose, sealed_subject, secret_hash, created, revoked, expires FROM api_key ORDER BY created, id",
                logger: logger)
        ) { try self.decodeKey($0).grant }
    }

    public func revokeKey(id: String, at time: Date) async throws -> Bool {
        let rows = try await self.query(
            "UPDATE api_key SET revoked = coalesce(revoked, \(time.timeIntervalSince1970)) WHERE id = \(id) RETURNING id",
            logger: logger)
        return try await !Self.all(rows) { try $0.decode(String.self) }.isEmpty
    }

    public func redeemKey(id: String, at time: Date) async throws -> Bool {
        let rows = try await self.query(
            "UPDATE api_key SET revoked = \(time.timeIntervalSince1970) WHERE id = \(id) AND revoked IS NULL RETURNING id",
            logger: logger)
        return try await !Self.all(rows) { try $0.decode(String.self) }.isEmpty
    }
}
