import CandorCore
import CandorRegistry
import Foundation
import PostgresNIO

/// The access log: its hash chain, its stored Merkle tree and its kept checkpoints.
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
        // The notices the entries give their subjects, in the same transaction.
        var notices: (subjects: [String], sequences: [Int64], causes: [ByteBuffer]) = ([], [], [])
        for (entry, (_, note)) in zip(entries, notes) {
            guard let subject = entry.subject else { continue }
            for cause in note.notices {
                notices.subjects.append(subjectKey(subject))
                notices.sequences.append(entry.sequence)
                notices.causes.append(ByteBuffer(bytes: sealer.seal(cause.text)))
            }
        }
        for (entry, (_, note)) in zip(entries, notes) {
            guard let denial = note.denial else { continue }
            try await connection.query(
                """
                INSERT INTO check_denial (subject, key_id, action, day, lists, sequence, last_record)
                VALUES (\(subjectKey(denial.subject)), \(denial.key), \(denial.action), \(denial.day.ordinal),
                        \(denial.lists.joined(separator: ",")), \(entry.sequence), (SELECT coalesce(max(id), 0) FROM record))
                """, logger: logger)
        }
        if !notices.subjects.isEmpty {
            try await connection.query(
                """
                WITH written AS (
                    INSERT INTO notice (subject, sequence, at_micros, cause)
                    SELECT subject, sequence, \(micros), cause
                    FROM unnest(\(notices.subjects)::text[], \(notices.sequences)::bigint[], \(notices.causes)::bytea[])
                         AS n(subject, sequence, cause)
                    RETURNING id, subject)
                INSERT INTO outbox (webhook_id, audience, notice_id, ordering, next_at, created)
                SELECT w.id, 'subjects', written.id, written.subject, \(at.timeIntervalSince1970), \(at.timeIntervalSince1970)
                FROM written CROSS JOIN webhook w WHERE w.audience = 'subjects'
                """, logger: logger)
        }
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
        try await withConnection { connection in try await self.treeNodes(nodes, on: connection) }
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
        try await self.query(
            "INSERT INTO log_checkpoint (size, at_micros, note) VALUES (\(Int64(size)), \(micros), \(note))",
            logger: logger)
    }

    public func latestCheckpoint() async throws -> KeptCheckpoint? {
        let rows = try await self.query(
            "SELECT note, size, at_micros FROM log_checkpoint ORDER BY id DESC LIMIT 1", logger: logger)
        for try await (note, size, micros) in rows.decode((String, Int64, Int64).self) {
            return KeptCheckpoint(note: note, size: Int(size), at: Date(timeIntervalSince1970: Double(micros) / 1e6))
        }
        return nil
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
        let rows = try await self.query("SELECT coalesce(max(sequence), 0) FROM access_log", logger: logger)
        for try await row in rows { return try row.decode(Int64.self) }
        return 0
    }

    public func subjectsChanged(after sequence: Int64, through last: Int64) async throws -> [SubjectID] {
        let rows = try await self.query(
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
                try await self.query(
                    """
                    SELECT \(unescaped: Self.accessColumns) FROM access_log WHERE subject IN (\(subjectKey(subject)), '')
                    AND sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
                    """, logger: logger)
            } else {
                try await self.query(
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
}
