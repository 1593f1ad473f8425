import CandorCore
import CandorRegistry
import Foundation
import PostgresNIO

extension PostgresRegistry {
    static let accessColumns =
        "sequence, sealed_subject, at_micros, actor, purpose, action, answer, previous_hash, hash, kind, subject"

    /// Appends to the hash chain inside the caller's transaction; the head row's lock orders appends from
    /// every server.
    /// An entry about every subject at once has the empty text as its subject key and an empty seal.
    func append(_ notes: [(SubjectID?, AccessNote)], at time: Date, on connection: PostgresConnection) async throws {
        guard !notes.isEmpty else { return }
        var head: (Int64, String) = (0, AccessEntry.genesis)
        for try await row in try await connection.query(
            "SELECT sequence, hash FROM access_head FOR UPDATE", logger: logger
        ).decode((Int64, String).self) { head = row }
        var (sequence, previous) = head
        let micros = Int64((time.timeIntervalSince1970 * 1_000_000).rounded())
        let at = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        var entries: [AccessEntry] = []
        entries.reserveCapacity(notes.count)
        for (subject, note) in notes {
            sequence += 1
            let entry = AccessEntry(
                sequence: sequence, at: at, subject: subject, actor: note.accessor.actor,
                purpose: note.accessor.purpose,
                action: note.action, answer: note.answer, previousHash: previous, kind: note.kind)
            entries.append(entry)
            previous = entry.hash
        }
        // One statement for the whole batch, from arrays.
        try await connection.query(
            """
            INSERT INTO access_log (\(unescaped: Self.accessColumns))
            SELECT sequence, sealed_subject, \(micros), actor, purpose, action, answer, previous_hash, hash, kind, subject
            FROM unnest(\(entries.map(\.sequence))::bigint[],
                        \(entries.map { ByteBuffer(bytes: $0.subject.map { sealer.seal($0.text) } ?? Data()) })::bytea[],
                        \(entries.map(\.actor))::text[], \(entries.map(\.purpose))::text[], \(entries.map(\.action))::text[],
                        \(entries.map(\.answer))::text[], \(entries.map(\.previousHash))::text[], \(entries.map(\.hash))::text[],
                        \(entries.map(\.kind.rawValue))::text[], \(entries.map { $0.subject.map(subjectKey) ?? "" })::text[])
                 AS e(sequence, sealed_subject, actor, purpose, action, answer, previous_hash, hash, kind, subject)
            """, logger: logger)
        try await connection.query("UPDATE access_head SET sequence = \(sequence), hash = \(previous)", logger: logger)
        try await growTree(with: entries.map(\.leafHash), from: Int(head.0), on: connection)
    }

    /// Stores the tree nodes that leaves appended to a tree of `size` leaves make, inside the caller's
    /// transaction (which holds the log's head row).
    func growTree(
        with leafHashes: [Data], from size: Int, on connection: PostgresConnection, replacing: Bool = false
    ) async throws {
        let known = try await treeNodes(TreeHashes.nodes(appending: leafHashes.count, to: size), on: connection)
        let nodes = try TreeHashes.appending(leafHashes, to: size) { node in
            guard let hash = known[node] else { throw MissingTreeNode(node: node) }
            return hash
        }
        try await connection.query(
            """
            INSERT INTO log_node (level, idx, hash)
            SELECT * FROM unnest(\(nodes.map { $0.0.level })::integer[], \(nodes.map { Int64($0.0.index) })::bigint[],
                                 \(nodes.map { ByteBuffer(bytes: $0.1) })::bytea[])
            \(unescaped: replacing ? "ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash" : "")
            """, logger: logger)
    }

    func treeNodes(_ nodes: Set<TreeNode>, on connection: PostgresConnection) async throws -> [TreeNode: Data] {
        guard !nodes.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT n.level, n.idx, n.hash FROM log_node n
            JOIN unnest(\(nodes.map(\.level))::integer[], \(nodes.map { Int64($0.index) })::bigint[]) AS w(level, idx)
            ON n.level = w.level AND n.idx = w.idx
            """, logger: logger)
        var found: [TreeNode: Data] = [:]
        for try await (level, index, hash) in rows.decode((Int, Int64, Data).self) {
            found[TreeNode(level: level, index: Int(index))] = hash
        }
        return found
    }

    public func treeNodes(_ nodes: Set<TreeNode>) async throws -> [TreeNode: Data] {
        try await client.withConnection { connection in try await self.treeNodes(nodes, on: connection) }
    }

    /// Stores the tree of entries written before the tree was stored, holding the log's head row so that no
    /// other server appends meanwhile.
    func coverLogTree() async throws {
        try await transaction { connection in
            _ = try await connection.query("SELECT sequence FROM access_head FOR UPDATE", logger: self.logger)
            var covered = 0
            for try await last in try await connection.query(
                "SELECT coalesce(max(idx) + 1, 0) FROM log_node WHERE level = 0", logger: self.logger
            ).decode(Int64.self) { covered = Int(last) }
            while true {
                let page = try await self.accessLog(subject: nil, after: Int64(covered), limit: 10_000)
                guard !page.isEmpty else { return }
                try await self.growTree(with: page.map(\.leafHash), from: covered, on: connection, replacing: true)
                covered += page.count
            }
        }
    }

    public func keepCheckpoint(_ note: String, size: Int, at time: Date) async throws {
        let micros = Int64((time.timeIntervalSince1970 * 1_000_000).rounded())
        try await client.query(
            "INSERT INTO log_checkpoint (size, at_micros, note) VALUES (\(Int64(size)), \(micros), \(note))",
            logger: logger)
    }

    public func latestCheckpoint() async throws -> KeptCheckpoint? {
        let rows = try await client.query(
            "SELECT note, size, at_micros FROM log_checkpoint ORDER BY id DESC LIMIT 1", logger: logger)
        for try await (note, size, micros) in rows.decode((String, Int64, Int64).self) {
            return KeptCheckpoint(note: note, size: Int(size), at: Date(timeIntervalSince1970: Double(micros) / 1e6))
        }
        return nil
    }

    public func submit(_ records: [Record], at time: Date, accessor: Accessor) async throws -> [SubmissionOutcome] {
        try await writeTransaction { connection in
            let outcomes = try await self.submit(records, at: time, on: connection)
            let notes = AccessNote.submissions(records, outcomes: outcomes, by: accessor)
            try await self.append(notes, at: time, on: connection)
            return outcomes
        }
    }

    public func access<T: Sendable>(
        _ subject: SubjectID, at time: Date, _ body: @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T {
        try await transaction { connection in
            let (value, note) = try body(try await self.file(of: subject, on: connection))
            try await self.append([(subject, note)], at: time, on: connection)
            return value
        }
    }

    public func log(_ notes: [(SubjectID, AccessNote)], at time: Date) async throws {
        try await transaction { connection in
            try await self.append(notes.map { ($0, $1) }, at: time, on: connection)
        }
    }

    public func logRegistryWide(_ note: AccessNote, at time: Date) async throws {
        try await transaction { connection in try await self.append([(nil, note)], at: time, on: connection) }
    }

    public func lastAccessSequence() async throws -> Int64 {
        let rows = try await client.query("SELECT coalesce(max(sequence), 0) FROM access_log", logger: logger)
        for try await row in rows { return try row.decode(Int64.self) }
        return 0
    }

    public func subjectsChanged(after sequence: Int64, through last: Int64) async throws -> [SubjectID] {
        let rows = try await client.query(
            """
            SELECT sealed_subject FROM access_log WHERE sequence > \(sequence) AND sequence <= \(last) AND kind = 'change'
            ORDER BY sequence
            """, logger: logger)
        var subjects: [SubjectID] = []
        for try await row in rows { subjects.append(try sealer.openSubject(try row.decode(Data.self))) }
        return subjects
    }

    /// The subject of a stored entry: an empty seal for an entry about every subject at once.
    func loggedSubject(_ sealed: Data) throws -> SubjectID? { sealed.isEmpty ? nil : try sealer.openSubject(sealed) }

    public func accessLog(subject: SubjectID?, after sequence: Int64, limit: Int) async throws -> [AccessEntry] {
        let rows =
            if let subject {
                try await client.query(
                    """
                    SELECT \(unescaped: Self.accessColumns) FROM access_log WHERE subject IN (\(subjectKey(subject)), '')
                    AND sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
                    """, logger: logger)
            } else {
                try await client.query(
                    """
                    SELECT \(unescaped: Self.accessColumns) FROM access_log WHERE sequence > \(sequence)
                    ORDER BY sequence LIMIT \(limit)
                    """, logger: logger)
            }
        return try await Self.all(rows) { row in
            let cells = row.makeRandomAccess()
            var entry = AccessEntry(
                sequence: try cells[0].decode(Int64.self),
                at: Date(timeIntervalSince1970: Double(try cells[2].decode(Int64.self)) / 1_000_000),
                subject: try self.loggedSubject(try cells[1].decode(Data.self)),
                actor: try cells[3].decode(String.self),
                purpose: try cells[4].decode(String.self), action: try cells[5].decode(String.self),
                answer: try cells[6].decode(String.self), previousHash: try cells[7].decode(String.self),
                kind: AccessKind(rawValue: try cells[9].decode(String.self)) ?? .access)
            entry.hash = try cells[8].decode(String.self)
            return entry
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
        try await client.withConnection { connection in try await self.disputeWithRecord(id: id, on: connection) }
    }

    public func openDisputes(agency: String) async throws -> [(dispute: Dispute, record: Record)] {
        try await Self.all(
            try await client.query(
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
                let record = try await records(
                    try await connection.query(
                        // The row lock makes concurrent openings of one record take turns.
                        """
                        SELECT \(unescaped: Self.joinedRecordColumns) FROM record r JOIN subject s ON s.id = r.subject
                        WHERE r.id = \(recordID) FOR UPDATE OF r
                        """, logger: logger)
                ).first
            else { throw StoreError.unknownRecord(recordID) }
            if let open = try await Self.all(
                try await connection.query(
                    "SELECT id FROM dispute WHERE record_id = \(recordID) AND answer IS NULL LIMIT 1", logger: logger),
                { try $0.decode(Int64.self) }
            ).first {
                throw StoreError.disputeOpen(open)
            }
            let id =
                try await Self.all(
                    try await connection.query(
                        """
                        INSERT INTO dispute (subject, record_id, opened, ground, reason, police_report)
                        VALUES (\(subjectKey(record.subject)), \(recordID), \(day.ordinal), \(draft.ground.rawValue),
                                \(ByteBuffer(bytes: sealer.seal(draft.reason))),
                                \(draft.policeReport.map { ByteBuffer(bytes: sealer.seal($0)) }))
                        RETURNING id
                        """, logger: logger)
                ) { try $0.decode(Int64.self) }.first ?? 0
            try await self.appendEvent(
                RecordEvent(recordID: recordID, kind: .disputeOpened, day: day, recordedAt: time),
                subject: record.subject,
                on: connection)
            if let accessor {
                try await self.append(
                    [
                        (
                            record.subject,
                            AccessNote(
                                accessor, action: "open dispute \(id) on record \(recordID)", answer: "opened",
                                kind: .change)
                        )
                    ],
                    at: time, on: connection)
            }
            var dispute = draft
            dispute.id = id
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
                    """, logger: logger)
            ) { try $0.decode(Int64.self) }
            guard !updated.isEmpty else { throw StoreError.alreadyAnswered(id) }
            try await self.appendEvent(
                RecordEvent(
                    recordID: record.id, kind: .disputeAnswered, day: day, recordedAt: time, detail: answer.rawValue),
                subject: record.subject, on: connection)
            if answer == .retracted {
                try await connection.query(
                    "UPDATE record SET retracted = coalesce(retracted, \(day.ordinal)) WHERE id = \(record.id)",
                    logger: logger)
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
                            AccessNote(accessor, action: "answer dispute \(id)", answer: answer.rawValue, kind: .change)
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
        try await client.query(
            """
            INSERT INTO review (agency, subject, stars, sealed_comment, at)
            VALUES (\(agency), \(subjectKey(subject)), \(stars), \(sealer.seal(comment)), \(time.timeIntervalSince1970))
            ON CONFLICT (agency, subject) DO UPDATE
            SET stars = excluded.stars, sealed_comment = excluded.sealed_comment, at = excluded.at
            """, logger: logger)
    }

    public func agencyActivity() async throws -> [AgencyActivity] {
        var activity: [String: AgencyActivity] = [:]
        for try await (agency, count) in try await client.query(
            "SELECT agency, count(*) FROM record GROUP BY agency", logger: logger
        ).decode((String, Int64).self) {
            activity[agency, default: AgencyActivity(agency: agency)].records = Int(count)
        }
        for try await (agency, opened, answer, answered) in try await client.query(
            "SELECT r.agency, d.opened, d.answer, d.answered FROM dispute d JOIN record r ON r.id = d.record_id",
            logger: logger
        ).decode((String, Int32, String?, Int32?).self) {
            activity[agency, default: AgencyActivity(agency: agency)].disputes += 1
            if let answered {
                activity[agency]!.answerDays.append(Int(answered) - Int(opened))
                if answer == Dispute.Answer.retracted.rawValue { activity[agency]!.overturned += 1 }
            }
        }
        for try await (agency, stars) in try await client.query(
            "SELECT agency, stars FROM review ORDER BY id", logger: logger
        )
        .decode((String, Int32).self) {
            activity[agency, default: AgencyActivity(agency: agency)].reviewStars.append(Int(stars))
        }
        return activity.values.sorted { $0.agency < $1.agency }
    }

    public func recordCounts() async throws -> [RecordCount] {
        var counts: [RecordCount] = []
        for try await (agency, year, count) in try await client.query(
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
        try await client.query(
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
            try await client.query(
                "SELECT id, role, label, agency, actions, purpose, sealed_subject, secret_hash, created, revoked, expires FROM api_key WHERE id = \(id)",
                logger: logger), decodeKey
        ).first
    }

    public func keys() async throws -> [KeyGrant] {
        try await Self.all(
            try await client.query(
                "SELECT id, role, label, agency, actions, purpose, sealed_subject, secret_hash, created, revoked, expires FROM api_key ORDER BY created, id",
                logger: logger)
        ) { try self.decodeKey($0).grant }
    }

    public func revokeKey(id: String, at time: Date) async throws -> Bool {
        let rows = try await client.query(
            "UPDATE api_key SET revoked = coalesce(revoked, \(time.timeIntervalSince1970)) WHERE id = \(id) RETURNING id",
            logger: logger)
        return try await !Self.all(rows) { try $0.decode(String.self) }.isEmpty
    }
}
