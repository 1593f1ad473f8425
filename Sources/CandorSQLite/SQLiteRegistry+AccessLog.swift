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
        let insert = try db.cachedStatement(
            sql: "INSERT INTO access_log (\(Self.accessColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for (subject, note) in notes {
            sequence += 1
            let entry = AccessEntry(
                sequence: sequence, at: at, subject: subject, actor: note.accessor.actor,
                purpose: note.accessor.purpose, action: note.action, answer: note.answer, previousHash: previous,
                kind: note.kind)
            try insert.execute(arguments: [
                sequence, subject.map { keys.sealed($0) } ?? Data(), micros, entry.actor, entry.purpose, entry.action,
                entry.answer, entry.previousHash, entry.hash, subject.map { keys.index(of: $0) } ?? Self.registryWide,
                entry.kind.rawValue,
            ])
            previous = entry.hash
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

    public func logRegistryWide(_ note: AccessNote, at time: Date) async throws {
        try await pool.write { db in try self.append([(nil, note)], at: time, in: db) }
    }

    public func access<T: Sendable>(
        _ subject: SubjectID, at time: Date, _ body: @Sendable (SubjectFile) throws -> (T, AccessNote)
    ) async throws -> T {
        try await pool.write { db in
            let file = try self.file(of: subject, in: db)
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
