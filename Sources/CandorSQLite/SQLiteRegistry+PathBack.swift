import CandorCore
import Foundation
import GRDB

/// Repair applications and permits: commitments, explanations and reasons are sealed like notes.
extension SQLiteRegistry {
    static let repairColumns = "id, record_id, applied, commitment, decision, decided, reason"
    static let permitColumns =
        "id, subject, list, action, purpose, explanation, from_day, to_day, applied, agencies, decision, decided, "
        + "decided_by, reason"

    func decodeRepair(_ row: Row, offset o: Int = 0) throws -> Repair {
        Repair(
            id: row[o], recordID: row[o + 1], applied: Day(ordinal: row[o + 2]),
            commitment: try sealer.open(row[o + 3] as Data),
            decision: (row[o + 4] as String?).flatMap(Repair.Decision.init(rawValue:)),
            decided: (row[o + 5] as Int32?).map(Day.init(ordinal:)),
            reason: try (row[o + 6] as Data?).map { try sealer.open($0) })
    }

    func decodePermit(_ row: Row, in db: Database) throws -> Permit {
        Permit(
            id: row[0], subject: try subject(index: row[1], in: db), list: row[2], action: row[3],
            purpose: Permit.Purpose(rawValue: row[4]) ?? .other, explanation: try sealer.open(row[5] as Data),
            from: Day(ordinal: row[6]), to: Day(ordinal: row[7]), applied: Day(ordinal: row[8]),
            agencies: (row[9] as String).split(separator: ",").map(String.init),
            decision: (row[10] as String?).flatMap(Permit.Decision.init(rawValue:)),
            decided: (row[11] as Int32?).map(Day.init(ordinal:)), decidedBy: row[12],
            reason: try (row[13] as Data?).map { try sealer.open($0) })
    }

    public func applyForRepair(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Repair
    ) async throws -> Repair {
        try await pool.write { db in
            var repair = try self.file(of: subject, in: db).admitting(admit)
            try db.execute(
                sql: "INSERT INTO repair (subject, record_id, applied, commitment) VALUES (?, ?, ?, ?)",
                arguments: [
                    self.sealer.index(of: subject), repair.recordID, repair.applied.ordinal,
                    self.sealer.seal(repair.commitment),
                ])
            repair.id = db.lastInsertedRowID
            try self.append([(subject, .repairApplied(repair, by: accessor))], at: time, in: db)
            return repair
        }
    }

    public func repair(id: Int64) async throws -> (repair: Repair, record: CandorCore.Record)? {
        try await repairsWithRecords(where: "p.id = ?", [id]).first
    }

    public func openRepairs(agency: String) async throws -> [(repair: Repair, record: CandorCore.Record)] {
        try await repairsWithRecords(where: "r.agency = ? AND p.decision IS NULL ORDER BY p.applied, p.id", [agency])
    }

    /// Repair applications (`p`) joined to their records (`r`) where `condition` holds, in its order.
    private func repairsWithRecords(where condition: String, _ arguments: StatementArguments)
        async throws -> [(repair: Repair, record: CandorCore.Record)]
    {
        let count = Self.repairColumns.split(separator: ",").count
        return try await pool.read { db in
            try Row.fetchAll(db, sql: Self.repairsWithRecordsSQL(where: condition), arguments: arguments).map { row in
                (try self.decodeRepair(row), try self.decodeRecord(row, offset: count, in: db))
            }
        }
    }

    /// The query of `repairsWithRecords`; `CROSS JOIN` for the reason `disputesWithRecordsSQL` gives.
    static func repairsWithRecordsSQL(where condition: String) -> String {
        let columns = repairColumns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }
        return """
            SELECT \(columns.joined(separator: ", ")), \(qualifiedRecordColumns)
            FROM repair p CROSS JOIN record r ON r.id = p.record_id WHERE \(condition)
            """
    }

    public func decideRepair(
        id: Int64, decision: Repair.Decision, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Repair {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT subject, \(Self.repairColumns) FROM repair WHERE id = ?", arguments: [id])
            else { throw StoreError.unknownApplication("repair application \(id)") }
            let subject = try self.subject(index: row[0], in: db)
            let decided = try self.decodeRepair(row, offset: 1).deciding(decision, on: day, reason: reason)
            try db.execute(
                sql: "UPDATE repair SET decision = ?, decided = ?, reason = ? WHERE id = ?",
                arguments: [decision.rawValue, day.ordinal, reason.map { self.sealer.seal($0) }, id])
            try self.append([(subject, .repairDecided(decided, by: accessor))], at: time, in: db)
            return decided
        }
    }

    public func applyForPermit(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Permit
    ) async throws -> Permit {
        try await pool.write { db in
            var permit = try self.file(of: subject, in: db).admitting(admit)
            try db.execute(
                sql: """
                    INSERT INTO permit (subject, list, action, purpose, explanation, from_day, to_day, applied, agencies)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    self.sealer.index(of: subject), permit.list, permit.action, permit.purpose.rawValue,
                    self.sealer.seal(permit.explanation), permit.from.ordinal, permit.to.ordinal,
                    permit.applied.ordinal, permit.agencies.joined(separator: ","),
                ])
            permit.id = db.lastInsertedRowID
            try self.append([(subject, .permitApplied(permit, by: accessor))], at: time, in: db)
            return permit
        }
    }

    public func permit(id: Int64) async throws -> Permit? {
        try await pool.read { db in try self.permit(id: id, in: db) }
    }

    private func permit(id: Int64, in db: Database) throws -> Permit? {
        try Row.fetchOne(db, sql: "SELECT \(Self.permitColumns) FROM permit WHERE id = ?", arguments: [id])
            .map { try self.decodePermit($0, in: db) }
    }

    public func openPermits(agency: String) async throws -> [Permit] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.permitColumns) FROM permit
                    WHERE decision IS NULL AND instr(',' || agencies || ',', ',' || ? || ',') > 0
                    ORDER BY applied, id
                    """, arguments: [agency]
            ).map { try self.decodePermit($0, in: db) }
        }
    }

    public func decidePermit(
        id: Int64, decision: Permit.Decision, on day: Day, by agency: String, reason: String?, at time: Date,
        accessor: Accessor
    ) async throws -> Permit {
        try await pool.write { db in
            guard let permit = try self.permit(id: id, in: db) else {
                throw StoreError.unknownApplication("permit application \(id)")
            }
            let decided = try permit.deciding(decision, on: day, by: agency, reason: reason)
            try db.execute(
                sql: "UPDATE permit SET decision = ?, decided = ?, decided_by = ?, reason = ? WHERE id = ?",
                arguments: [decision.rawValue, day.ordinal, agency, reason.map { self.sealer.seal($0) }, id])
            try self.append([(decided.subject, .permitDecided(decided, by: accessor))], at: time, in: db)
            return decided
        }
    }

    public func grantedPermits(covering day: Day) async throws -> [Permit] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.permitColumns) FROM permit
                    WHERE decision = 'granted' AND to_day >= ? AND from_day <= ? AND decided <= ? ORDER BY id
                    """, arguments: [day.ordinal, day.ordinal, day.ordinal]
            ).map { try self.decodePermit($0, in: db) }
        }
    }
}
