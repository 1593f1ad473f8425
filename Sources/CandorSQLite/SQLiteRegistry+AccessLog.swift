import CandorCore
import CandorRegistry
import Foundation
import GRDB

extension SQLiteRegistry {
    static let accessColumns =
        "sequence, sealed_subject, at_micros, actor, purpose, action, answer, previous_hash, hash, subject, kind"

    /// The subject index of an entry about every subject at once.
    static let registryWide = Data(count: 16)

    /// Appends entries to the hash chain inside the caller's transaction.
    func append(_ notes: [(SubjectID?, AccessNote)], at time: Date, in db: Database) throws {
        var keys = SubjectKeys(sealer: sealer)
        try append(notes, at: time, in: db, keys: &keys)
    }

    func append(_ notes: [(SubjectID?, AccessNote)], at time: Date, in db: Database, keys: inout SubjectKeys) throws {
        guard !notes.isEmpty else { return }
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM access_log ORDER BY sequence DESC LIMIT 1")
        var sequence: Int64 = last?[0] ?? 0
        var previous: String = last?[1] ?? AccessEntry.genesis
        let micros = Int64((time.timeIntervalSince1970 * 1_000_000).rounded())
        let at = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        let insert = try BoundStatement(
            "INSERT INTO access_log (\(Self.accessColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", in: db)
        defer { insert.finalize() }
        let notice = try BoundStatement(
            "INSERT INTO notice (subject, sequence, at_micros, cause, record_id) VALUES (?, ?, ?, ?, ?)", in: db)
        defer { notice.finalize() }
        // Read once, when the first notice needs them: most entries (checks) carry none.
        var subscribers: [Int64]?
        let size = Int(sequence)
        var leafHashes: [Data] = []
        leafHashes.reserveCapacity(notes.count)
        for (subject, note) in notes {
            sequence += 1
            let entry = AccessEntry(
                sequence: sequence, at: at, subject: subject, actor: note.accessor.actor,
                purpose: note.accessor.purpose, action: note.action, answer: note.answer, previousHash: previous,
                kind: note.kind)
            insert.bind(sequence)
            insert.bind(subject.map { keys.sealed($0) } ?? Data())
            insert.bind(micros)
            insert.bind(entry.actor)
            insert.bind(entry.purpose)
            insert.bind(entry.action)
            insert.bind(entry.answer)
            insert.bind(entry.previousHash)
            insert.bind(entry.hash)
            insert.bind(subject.map { keys.index(of: $0) } ?? Self.registryWide)
            insert.bind(entry.kind.rawValue)
            try insert.run()
            previous = entry.hash
            leafHashes.append(entry.leafHash)
            if let denial = note.denial {
                try db.execute(
                    sql: """
                        INSERT INTO check_denial (subject, key_id, action, day, lists, sequence, last_record)
                        VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM record))
                        """,
                    arguments: [
                        keys.index(of: denial.subject), denial.key, denial.action, denial.day.ordinal,
                        denial.lists.joined(separator: ","), sequence,
                    ])
            }
            if let subject, !note.notices.isEmpty {
                let index = keys.index(of: subject)
                let number = try keys.number(of: subject, in: db)
                for cause in note.notices {
                    notice.bind(number)
                    notice.bind(sequence)
                    notice.bind(micros)
                    // A new record's notice names the record: what it would seal, the record holds.
                    if case let .recordCreated(record, _, _, _, _) = cause {
                        notice.bind(Data())
                        notice.bind(record)
                    } else {
                        notice.bind(sealer.seal(cause.text))
                        notice.bindNull()
                    }
                    try notice.run()
                    if subscribers == nil { subscribers = try webhooks(for: .subjects, in: db) }
                    guard let subscribers, !subscribers.isEmpty else { continue }
                    try enqueue(
                        .subjects, notice: db.lastInsertedRowID, ordering: index.hex, at: at, to: subscribers, in: db)
                }
            }
        }
        try growTree(with: leafHashes, from: size, in: db)
        bulkLoad.appended(Int64(size) + 1, through: sequence)
    }

    /// Stores the tree nodes that leaves appended to a tree of `size` leaves make (`replacing` those a
    /// damaged tree held there).
    func growTree(with leafHashes: [Data], from size: Int, in db: Database, replacing: Bool = false) throws {
        let read = try db.cachedStatement(sql: "SELECT hash FROM log_node WHERE level = ? AND idx = ?")
        let insert = try db.cachedStatement(
            sql: "INSERT \(replacing ? "OR REPLACE " : "")INTO log_node (level, idx, hash) VALUES (?, ?, ?)")
        for (node, hash) in try TreeHashes.appending(
            leafHashes, to: size,
            read: { node in
                guard let hash = try Data.fetchOne(read, arguments: [node.level, node.index]) else {
                    throw MissingTreeNode(node: node)
                }
                return hash
            })
        {
            try insert.execute(arguments: [node.level, node.index, hash])
        }
    }

    /// Stores the tree of entries written before the tree was stored (or by a build that did not store it).
    func coverLogTree(in db: Database) throws {
        var covered = try Int.fetchOne(db, sql: "SELECT max(idx) + 1 FROM log_node WHERE level = 0") ?? 0
        while true {
            let page = try Row.fetchAll(
                db,
                sql: "SELECT \(Self.accessColumns) FROM access_log WHERE sequence > ? ORDER BY sequence LIMIT 10000",
                arguments: [covered]
            ).map(decodeAccess)
            guard !page.isEmpty else { return }
            try growTree(with: page.map(\.leafHash), from: covered, in: db, replacing: true)
            covered += page.count
        }
    }

    public func treeNodes(_ nodes: Set<TreeNode>) async throws -> [TreeNode: Data] {
        try await pool.read { db in
            let read = try db.cachedStatement(sql: "SELECT hash FROM log_node WHERE level = ? AND idx = ?")
            var found: [TreeNode: Data] = [:]
            for node in nodes {
                found[node] = try Data.fetchOne(read, arguments: [node.level, node.index])
            }
            return found
        }
    }

    public func keepCheckpoint(_ note: String, size: Int, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO log_checkpoint (size, at_micros, note) VALUES (?, ?, ?)",
                arguments: [size, Int64((time.timeIntervalSince1970 * 1_000_000).rounded()), note])
        }
    }

    public func latestCheckpoint() async throws -> KeptCheckpoint? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT note, size, at_micros FROM log_checkpoint ORDER BY id DESC LIMIT 1").map {
                KeptCheckpoint(note: $0[0], size: $0[1], at: Date(timeIntervalSince1970: Double($0[2] as Int64) / 1e6))
            }
        }
    }

    func decodeAccess(_ row: Row) throws -> AccessEntry { try Self.decodeAccess(row, sealer: sealer) }

    static func decodeAccess(_ row: Row, sealer: DataSealer) throws -> AccessEntry {
        let sealed: Data = row[1]
        var entry = AccessEntry(
            sequence: row[0], at: Date(timeIntervalSince1970: Double(row[2] as Int64) / 1_000_000),
            subject: sealed.isEmpty ? nil : try sealer.openSubject(sealed),
            actor: row[3], purpose: row[4], action: row[5], answer: row[6], previousHash: row[7],
            kind: AccessKind(rawValue: row[10]) ?? .access)
        entry.hash = row[8]
        return entry
    }

    public func log(_ notes: [(SubjectID, AccessNote)], at time: Date) async throws {
        try await pool.write { db in try self.append(notes.map { ($0, $1) }, at: time, in: db) }
    }

    public func logBlocking(_ notes: [(SubjectID, AccessNote)], at time: Date) throws {
        try pool.write { db in try self.append(notes.map { ($0, $1) }, at: time, in: db) }
    }

    public func logRegistryWide(_ note: AccessNote, at time: Date) async throws {
        try await pool.write { db in try self.append([(nil, note)], at: time, in: db) }
    }

    public func access<T: Sendable>(
        _ subject: SubjectID, at time: Date, _ body: @escaping @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T {
        try await pool.write { db in
            let file = try self.fileWithOrganisations(of: subject, in: db)
            let (value, note) = try body(file)
            try self.append([(subject, note)], at: time, in: db)
            return value
        }
    }

    public func lastAccessSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM access_log") ?? 0 }
    }

    public func subjectsChanged(after sequence: Int64, through last: Int64) async throws -> [SubjectID] {
        try await pool.read { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT sealed_subject FROM access_log WHERE sequence > ? AND sequence <= ? AND kind = 'change'
                    ORDER BY sequence
                    """,
                arguments: [sequence, last]
            ).map { try self.sealer.openSubject($0) }
        }
    }

    public func accessLog(subject: SubjectID?, after sequence: Int64, limit: Int) async throws -> [AccessEntry] {
        try await pool.read { db in
            if let subject {
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.accessColumns) FROM access_log WHERE subject IN (?, ?) AND sequence > ?
                        ORDER BY sequence LIMIT ?
                        """, arguments: [sealer.index(of: subject), Self.registryWide, sequence, limit]
                ).map(self.decodeAccess)
            }
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.accessColumns) FROM access_log WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [sequence, limit]
            ).map(self.decodeAccess)
        }
    }
}
