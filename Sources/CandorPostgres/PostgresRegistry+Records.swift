import CandorCore
import CandorRegistry
import Foundation
import PostgresNIO

extension PostgresRegistry {
    /// The columns of a record; `subject` holds the subject's key (`subjectKey(_:)`), never the identifier,
    /// and the note is sealed.
    static let recordColumns =
        "subject, id, agency, reference, kind, occurred, amount, legal_basis, sealed_note, fulfilled, retracted"
    static let disputeColumns =
        "id, record_id, opened, answer, answered, ground, reason, police_report, answer_reason, appeal_opened, "
        + "appeal_reason, appeal_decision, appeal_decided, appeal_decision_reason"

    /// The text every table keys a subject by: the hex of its keyed hash under the data key, so the
    /// database holds no identifier and a subject's rows still sit together for distribution.
    func subjectKey(_ subject: SubjectID) -> String { sealer.index(of: subject).hex }

    /// Decodes the `recordColumns` of a row from column `offset`, for a record of `subject`.
    func decodeRecord(_ row: PostgresRow, subject: SubjectID, offset o: Int = 0) throws -> Record {
        let cells = row.makeRandomAccess()
        return Record(
            id: try cells[o + 1].decode(Int64.self), agency: try cells[o + 2].decode(String.self),
            reference: try cells[o + 3].decode(String.self), subject: subject,
            kind: try cells[o + 4].decode(String.self), occurred: Day(ordinal: try cells[o + 5].decode(Int32.self)),
            amount: try cells[o + 6].decode(Double?.self), legalBasis: try cells[o + 7].decode(String?.self),
            note: try cells[o + 8].decode(Data?.self).map { try sealer.open($0) },
            fulfilled: try cells[o + 9].decode(Int32?.self).map(Day.init(ordinal:)),
            retracted: try cells[o + 10].decode(Int32?.self).map(Day.init(ordinal:)))
    }

    /// The records of a query that selects the subject's sealed identifier, then the `recordColumns`.
    func records(_ rows: some AsyncSequence<PostgresRow, any Error>) async throws -> [Record] {
        try await Self.all(rows) { row in
            let subject = try sealer.openSubject(try row.makeRandomAccess()[0].decode(Data.self))
            return try decodeRecord(row, subject: subject, offset: 1)
        }
    }

    /// `recordColumns` of `record r`, after the sealed identifier from `subject s`, for a query that joins them.
    static let joinedRecordColumns =
        "s.sealed_id, "
        + recordColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    static var qualifiedDisputeColumns: String {
        disputeColumns.split(separator: ",").map { "d." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
    }

    static var disputeColumnCount: Int { disputeColumns.split(separator: ",").count }

    /// Decodes the `disputeColumns` of a row from column `offset`; reasons and police reports are sealed.
    func decodeDispute(_ row: PostgresRow, offset o: Int = 0) throws -> Dispute {
        let cells = row.makeRandomAccess()
        func open(_ index: Int) throws -> String? { try cells[index].decode(Data?.self).map { try sealer.open($0) } }
        return Dispute(
            id: try cells[o].decode(Int64.self), recordID: try cells[o + 1].decode(Int64.self),
            opened: Day(ordinal: try cells[o + 2].decode(Int32.self)),
            answer: try cells[o + 3].decode(String?.self).flatMap(Dispute.Answer.init(rawValue:)),
            answered: try cells[o + 4].decode(Int32?.self).map(Day.init(ordinal:)),
            ground: Dispute.Ground(rawValue: try cells[o + 5].decode(String.self)) ?? .error,
            reason: try open(o + 6) ?? "", policeReport: try open(o + 7), answerReason: try open(o + 8),
            appeal: try cells[o + 9].decode(Int32?.self).map { opened in
                Dispute.Appeal(
                    opened: Day(ordinal: opened), reason: try open(o + 10) ?? "",
                    decision: try cells[o + 11].decode(String?.self).flatMap(Dispute.AppealDecision.init(rawValue:)),
                    decided: try cells[o + 12].decode(Int32?.self).map(Day.init(ordinal:)),
                    decisionReason: try open(o + 13))
            })
    }

    static func all<T>(_ rows: some AsyncSequence<PostgresRow, any Error>, _ decode: (PostgresRow) throws -> T)
        async throws -> [T]
    {
        var result: [T] = []
        for try await row in rows { result.append(try decode(row)) }
        return result
    }

    /// Submits inside the caller's transaction: COPY for a large batch of distinct references, else record by
    /// record (a batch naming one reference twice must see its own first submission).
    func submit(_ records: [Record], at time: Date, on connection: PostgresConnection) async throws
        -> [SubmissionOutcome]
    {
        if records.count >= Self.copyThreshold,
            Set(records.map { $0.agency + "\u{1F}" + $0.reference }).count == records.count
        {
            return try await copySubmit(records, at: time, on: connection)
        }
        return try await submitOneByOne(records, at: time, on: connection)
    }

    func submitOneByOne(_ records: [Record], at time: Date, on connection: PostgresConnection) async throws
        -> [SubmissionOutcome]
    {
        var outcomes: [SubmissionOutcome] = []
        let seconds = time.timeIntervalSince1970
        for record in records {
            let key = subjectKey(record.subject)
            try await connection.query(
                """
                INSERT INTO subject (id, sealed_id) VALUES (\(key), \(sealer.seal(record.subject.text)))
                ON CONFLICT (id) DO NOTHING
                """, logger: logger)
            let inserted = try await Self.all(
                try await connection.query(
                    """
                    INSERT INTO record (subject, id, agency, reference, kind, occurred, amount, legal_basis, sealed_note,
                                        fulfilled, retracted, received_at)
                    VALUES (\(key), nextval('record_id'), \(record.agency), \(record.reference),
                            \(record.kind), \(record.occurred.ordinal), \(record.amount), \(record.legalBasis),
                            \(record.note.map(sealer.seal)), \(record.fulfilled?.ordinal), \(record.retracted?.ordinal),
                            \(seconds))
                    ON CONFLICT (agency, reference) DO NOTHING RETURNING id
                    """, logger: logger)
            ) { try $0.decode(Int64.self) }
            if let id = inserted.first {
                outcomes.append(.created(id))
                continue
            }
            let stored = try await self.records(
                try await connection.query(
                    """
                    SELECT \(unescaped: Self.joinedRecordColumns) FROM record r JOIN subject s ON s.id = r.subject
                    WHERE r.agency = \(record.agency) AND r.reference = \(record.reference)
                    """, logger: logger))
            guard let stored = stored.first else { throw StoreError.unknownRecord(0) }
            switch RecordChange(stored: stored, incoming: record) {
            case .unchanged: outcomes.append(.unchanged(stored.id))
            case let .refused(reason): outcomes.append(.refused(reason))
            case let .update(fulfilled, retracted):
                try await connection.query(
                    """
                    UPDATE record SET fulfilled = coalesce(\(fulfilled?.ordinal), fulfilled),
                                      retracted = coalesce(\(retracted?.ordinal), retracted)
                    WHERE subject = \(subjectKey(stored.subject)) AND id = \(stored.id)
                    """, logger: logger)
                for (kind, day) in [(RecordEvent.Kind.fulfilled, fulfilled), (.retracted, retracted)] {
                    guard let day else { continue }
                    try await appendEvent(
                        RecordEvent(recordID: stored.id, kind: kind, day: day, recordedAt: time),
                        subject: stored.subject,
                        on: connection)
                }
                outcomes.append(.updated(stored.id))
            }
        }
        return outcomes
    }

    func appendEvent(_ event: RecordEvent, subject: SubjectID, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO record_event (subject, record_id, kind, day, detail, recorded_at)
            VALUES (\(subjectKey(subject)), \(event.recordID), \(event.kind.rawValue), \(event.day.ordinal),
                    \(event.detail), \(event.recordedAt.timeIntervalSince1970))
            """, logger: logger)
    }

    public func submit(_ records: [Record], at time: Date) async throws -> [SubmissionOutcome] {
        try await writeTransaction { connection in
            try await self.submit(records, at: time, on: connection)
        }
    }

    func file(of subject: SubjectID, on connection: PostgresConnection) async throws -> SubjectFile {
        let key = subjectKey(subject)
        let records = try await Self.all(
            try await connection.query(
                "SELECT \(unescaped: Self.recordColumns) FROM record WHERE subject = \(key) ORDER BY id",
                logger: logger), { try decodeRecord($0, subject: subject) })
        let disputes = try await Self.all(
            try await connection.query(
                "SELECT \(unescaped: Self.disputeColumns) FROM dispute WHERE subject = \(key) ORDER BY id",
                logger: logger), { try self.decodeDispute($0) })
        let repairs = try await Self.all(
            try await connection.query(
                "SELECT \(unescaped: Self.repairColumns) FROM repair WHERE subject = \(key) ORDER BY id",
                logger: logger), { try self.decodeRepair($0) })
        let permits = try await self.permits(where: "p.subject = \(key) ORDER BY p.id", on: connection)
        let roles = try await self.officers(where: "o.person = \(key) ORDER BY o.id", on: connection)
        return SubjectFile(
            subject: subject, records: records, disputes: disputes, repairs: repairs, permits: permits, roles: roles)
    }

    /// A subject's file with the files of the organisations they hold roles in.
    func fileWithOrganisations(of subject: SubjectID, on connection: PostgresConnection) async throws -> SubjectFile {
        var file = try await self.file(of: subject, on: connection)
        for organisation in Set(file.roles.map(\.organisation)) {
            file.organisations[organisation] = try await self.file(of: organisation, on: connection)
        }
        return file
    }

    /// The file read in one repeatable-read transaction, so its tables agree with each other.
    public func file(of subject: SubjectID) async throws -> SubjectFile {
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await self.fileWithOrganisations(of: subject, on: connection)
        }
    }

    public func records(of subject: SubjectID) async throws -> [Record] {
        try await withConnection { connection in try await self.file(of: subject, on: connection).records }
    }

    public func disputes(of subject: SubjectID) async throws -> [Dispute] {
        try await withConnection { connection in try await self.file(of: subject, on: connection).disputes }
    }

    public func record(agency: String, reference: String) async throws -> Record? {
        try await records(
            try await self.query(
                """
                SELECT \(unescaped: Self.joinedRecordColumns) FROM record r JOIN subject s ON s.id = r.subject
                WHERE r.agency = \(agency) AND r.reference = \(reference)
                """, logger: logger)
        ).first
    }

    public func record(id: Int64) async throws -> Record? {
        try await records(
            try await self.query(
                """
                SELECT \(unescaped: Self.joinedRecordColumns) FROM record r JOIN subject s ON s.id = r.subject
                WHERE r.id = \(id)
                """, logger: logger)
        ).first
    }

    public func events(of subject: SubjectID) async throws -> [RecordEvent] {
        try await Self.all(
            try await self.query(
                """
                SELECT record_id, kind, day, detail, recorded_at FROM record_event
                WHERE subject = \(subjectKey(subject)) ORDER BY id
                """, logger: logger)
        ) { row in
            let cells = row.makeRandomAccess()
            return RecordEvent(
                recordID: try cells[0].decode(Int64.self),
                kind: RecordEvent.Kind(rawValue: try cells[1].decode(String.self)) ?? .fulfilled,
                day: Day(ordinal: try cells[2].decode(Int32.self)),
                recordedAt: Date(timeIntervalSince1970: try cells[4].decode(Double.self)),
                detail: try cells[3].decode(String?.self))
        }
    }

    public func setNames(_ names: [SubjectID: String]) async throws {
        guard !names.isEmpty else { return }
        let subjects = Array(names.keys)
        try await self.query(
            """
            INSERT INTO subject (id, sealed_id, sealed_name)
            SELECT * FROM unnest(\(subjects.map(subjectKey))::text[],
                                 \(subjects.map { ByteBuffer(bytes: sealer.seal($0.text)) })::bytea[],
                                 \(subjects.map { ByteBuffer(bytes: sealer.seal(names[$0]!)) })::bytea[])
            ON CONFLICT (id) DO UPDATE SET sealed_name = excluded.sealed_name
            """, logger: logger)
    }

    public func name(of subject: SubjectID) async throws -> String? {
        try await Self.all(
            try await self.query(
                "SELECT sealed_name FROM subject WHERE id = \(subjectKey(subject))", logger: logger)
        ) { try $0.decode(Data?.self) }.first?.map { try sealer.open($0) }
    }

    /// Pages through subjects in the order of their keys (the store's order, not the identifiers').
    public func subjectFiles(after subject: SubjectID?, limit: Int) async throws -> [SubjectFile] {
        try await withConnection { connection in
            let start = subject.map(self.subjectKey) ?? ""
            let subjects = try await Self.all(
                try await connection.query(
                    "SELECT id, sealed_id FROM subject WHERE id > \(start) ORDER BY id LIMIT \(max(limit, 1))",
                    logger: self.logger)
            ) { row in
                let cells = row.makeRandomAccess()
                return (
                    key: try cells[0].decode(String.self),
                    subject: try self.sealer.openSubject(try cells[1].decode(Data.self))
                )
            }
            guard let first = subjects.first?.key, let last = subjects.last?.key else { return [] }
            let byKey = Dictionary(uniqueKeysWithValues: subjects.map { ($0.key, $0.subject) })
            var records: [String: [Record]] = [:]
            for row in try await Self.all(
                try await connection.query(
                    """
                    SELECT \(unescaped: Self.recordColumns) FROM record WHERE subject BETWEEN \(first) AND \(last)
                    ORDER BY subject, id
                    """, logger: self.logger), { $0 })
            {
                let key = try row.makeRandomAccess()[0].decode(String.self)
                guard let subject = byKey[key] else { continue }
                records[key, default: []].append(try self.decodeRecord(row, subject: subject))
            }
            var disputes: [String: [Dispute]] = [:]
            for (key, dispute) in try await Self.all(
                try await connection.query(
                    """
                    SELECT subject, \(unescaped: Self.disputeColumns) FROM dispute WHERE subject BETWEEN \(first) AND \(last)
                    ORDER BY id
                    """, logger: self.logger),
                { (try $0.makeRandomAccess()[0].decode(String.self), try self.decodeDispute($0, offset: 1)) })
            {
                disputes[key, default: []].append(dispute)
            }
            var repairs: [String: [Repair]] = [:]
            for (key, repair) in try await Self.all(
                try await connection.query(
                    """
                    SELECT subject, \(unescaped: Self.repairColumns) FROM repair WHERE subject BETWEEN \(first) AND \(last)
                    ORDER BY id
                    """, logger: self.logger),
                { (try $0.makeRandomAccess()[0].decode(String.self), try self.decodeRepair($0, offset: 1)) })
            {
                repairs[key, default: []].append(repair)
            }
            var roles: [SubjectID: [Officer]] = [:]
            for role in try await self.officers(
                where: "o.person BETWEEN \(first) AND \(last) ORDER BY o.id", on: connection)
            {
                roles[role.person, default: []].append(role)
            }
            var permits: [SubjectID: [Permit]] = [:]
            for permit in try await self.permits(
                where: "p.subject BETWEEN \(first) AND \(last) ORDER BY p.id", on: connection)
            {
                permits[permit.subject, default: []].append(permit)
            }
            return subjects.map { key, subject in
                SubjectFile(
                    subject: subject, records: records[key] ?? [], disputes: disputes[key] ?? [],
                    repairs: repairs[key] ?? [], permits: permits[subject] ?? [], roles: roles[subject] ?? [])
            }
        }
    }

    public func counts() async throws -> StoreCounts {
        let rows = try await self.query(
            "SELECT (SELECT count(*) FROM record), (SELECT count(*) FROM subject)", logger: logger)
        for try await (records, subjects) in rows.decode((Int64, Int64).self) {
            return StoreCounts(records: Int(records), subjects: Int(subjects))
        }
        return StoreCounts(records: 0, subjects: 0)
    }

    public func meta(_ key: String) async throws -> String? {
        try await Self.all(try await self.query("SELECT value FROM meta WHERE key = \(key)", logger: logger)) {
            try $0.decode(String.self)
        }.first
    }

    public func setMeta(_ key: String, _ value: String) async throws {
        try await self.query(
            "INSERT INTO meta (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            logger: logger)
    }
}
