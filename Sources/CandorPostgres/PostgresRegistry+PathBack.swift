import CandorCore
import Foundation
import PostgresNIO

/// Repair applications and permits: commitments, explanations and reasons are sealed like notes.
extension PostgresRegistry {
    static let repairColumns = "id, record_id, applied, commitment, decision, decided, reason"
    /// The columns of a permit, after the sealed identifier of its subject (`s.sealed_id`).
    static let permitColumns =
        "s.sealed_id, p.id, p.list, p.action, p.purpose, p.explanation, p.from_day, p.to_day, p.applied, "
        + "p.agencies, p.decision, p.decided, p.decided_by, p.reason"

    func decodeRepair(_ row: PostgresRow, offset o: Int = 0) throws -> Repair {
        let cells = row.makeRandomAccess()
        return Repair(
            id: try cells[o].decode(Int64.self), recordID: try cells[o + 1].decode(Int64.self),
            applied: Day(ordinal: try cells[o + 2].decode(Int32.self)),
            commitment: try sealer.open(try cells[o + 3].decode(Data.self)),
            decision: try cells[o + 4].decode(String?.self).flatMap(Repair.Decision.init(rawValue:)),
            decided: try cells[o + 5].decode(Int32?.self).map(Day.init(ordinal:)),
            reason: try cells[o + 6].decode(Data?.self).map { try sealer.open($0) })
    }

    func decodePermit(_ row: PostgresRow) throws -> Permit {
        let cells = row.makeRandomAccess()
        return Permit(
            id: try cells[1].decode(Int64.self), subject: try sealer.openSubject(try cells[0].decode(Data.self)),
            list: try cells[2].decode(String.self), action: try cells[3].decode(String.self),
            purpose: Permit.Purpose(rawValue: try cells[4].decode(String.self)) ?? .other,
            explanation: try sealer.open(try cells[5].decode(Data.self)),
            from: Day(ordinal: try cells[6].decode(Int32.self)), to: Day(ordinal: try cells[7].decode(Int32.self)),
            applied: Day(ordinal: try cells[8].decode(Int32.self)), agencies: try cells[9].decode([String].self),
            decision: try cells[10].decode(String?.self).flatMap(Permit.Decision.init(rawValue:)),
            decided: try cells[11].decode(Int32?.self).map(Day.init(ordinal:)),
            decidedBy: try cells[12].decode(String?.self),
            reason: try cells[13].decode(Data?.self).map { try sealer.open($0) })
    }

    /// The permits of a query that selects `permitColumns` from `permit p JOIN subject s`.
    func permits(where condition: PostgresQuery, on connection: PostgresConnection) async throws -> [Permit] {
        var query = PostgresQuery(
            unsafeSQL: "SELECT \(Self.permitColumns) FROM permit p JOIN subject s ON s.id = p.subject WHERE ")
        query.sql += condition.sql
        query.binds = condition.binds
        return try await Self.all(try await connection.query(query, logger: logger)) { try self.decodePermit($0) }
    }

    public func applyForRepair(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Repair
    ) async throws -> Repair {
        try await writeTransaction { connection in
            var repair = try await self.file(of: subject, on: connection).admitting(admit)
            repair.id =
                try await Self.all(
                    try await connection.query(
                        """
                        INSERT INTO repair (subject, record_id, applied, commitment)
                        VALUES (\(self.subjectKey(subject)), \(repair.recordID), \(repair.applied.ordinal),
                                \(ByteBuffer(bytes: self.sealer.seal(repair.commitment))))
                        RETURNING id
                        """, logger: self.logger), { try $0.decode(Int64.self) }
                ).first ?? 0
            try await self.append([(subject, .repairApplied(repair, by: accessor))], at: time, on: connection)
            return repair
        }
    }

    public func repair(id: Int64) async throws -> (repair: Repair, record: Record)? {
        try await withConnection { connection in try await self.repair(id: id, on: connection) }
    }

    private func repair(id: Int64, on connection: PostgresConnection) async throws -> (repair: Repair, record: Record)?
    {
        try await repairsWithRecords("p.id = \(id)", on: connection).first
    }

    public func openRepairs(agency: String) async throws -> [(repair: Repair, record: Record)] {
        try await withConnection { connection in
            try await self.repairsWithRecords(
                "r.agency = \(agency) AND p.decision IS NULL ORDER BY p.applied, p.id", on: connection)
        }
    }

    /// Repair applications (`p`) joined to their records (`r`) where `condition` holds, in its order.
    private func repairsWithRecords(_ condition: PostgresQuery, on connection: PostgresConnection) async throws
        -> [(repair: Repair, record: Record)]
    {
        let columns = Self.repairColumns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT \(columns.joined(separator: ", ")), \(Self.joinedRecordColumns)
                FROM repair p JOIN record r ON r.id = p.record_id JOIN subject s ON s.id = r.subject WHERE
                """ + " ")
        query.sql += condition.sql
        query.binds = condition.binds
        return try await Self.all(try await connection.query(query, logger: logger)) { row in
            let subject = try sealer.openSubject(try row.makeRandomAccess()[columns.count].decode(Data.self))
            return (try decodeRepair(row), try decodeRecord(row, subject: subject, offset: columns.count + 1))
        }
    }

    public func decideRepair(
        id: Int64, decision: Repair.Decision, on day: Day, reason: String?, at time: Date, accessor: Accessor
    ) async throws -> Repair {
        try await writeTransaction { connection in
            guard let (repair, record) = try await self.repair(id: id, on: connection) else {
                throw StoreError.unknownApplication("repair application \(id)")
            }
            let decided = try repair.deciding(decision, on: day, reason: reason)
            try await connection.query(
                """
                UPDATE repair SET decision = \(decision.rawValue), decided = \(day.ordinal),
                    reason = \(reason.map { ByteBuffer(bytes: self.sealer.seal($0)) })
                WHERE id = \(id)
                """, logger: self.logger)
            try await self.append([(record.subject, .repairDecided(decided, by: accessor))], at: time, on: connection)
            return decided
        }
    }

    public func applyForPermit(
        of subject: SubjectID, at time: Date, accessor: Accessor,
        admit: @escaping @Sendable (SubjectFile) throws(ApplicationProblem) -> Permit
    ) async throws -> Permit {
        try await writeTransaction { connection in
            var permit = try await self.file(of: subject, on: connection).admitting(admit)
            permit.id =
                try await Self.all(
                    try await connection.query(
                        """
                        INSERT INTO permit (subject, list, action, purpose, explanation, from_day, to_day, applied, agencies)
                        VALUES (\(self.subjectKey(subject)), \(permit.list), \(permit.action), \(permit.purpose.rawValue),
                                \(ByteBuffer(bytes: self.sealer.seal(permit.explanation))), \(permit.from.ordinal),
                                \(permit.to.ordinal), \(permit.applied.ordinal), \(permit.agencies))
                        RETURNING id
                        """, logger: self.logger), { try $0.decode(Int64.self) }
                ).first ?? 0
            try await self.append([(subject, .permitApplied(permit, by: accessor))], at: time, on: connection)
            return permit
        }
    }

    public func permit(id: Int64) async throws -> Permit? {
        try await withConnection { connection in
            try await self.permits(where: "p.id = \(id)", on: connection).first
        }
    }

    public func openPermits(agency: String) async throws -> [Permit] {
        try await withConnection { connection in
            try await self.permits(
                where: "p.decision IS NULL AND \(agency) = ANY (p.agencies) ORDER BY p.applied, p.id", on: connection)
        }
    }

    public func decidePermit(
        id: Int64, decision: Permit.Decision, on day: Day, by agency: String, reason: String?, at time: Date,
        accessor: Accessor
    ) async throws -> Permit {
        try await writeTransaction { connection in
            guard let permit = try await self.permits(where: "p.id = \(id)", on: connection).first else {
                throw StoreError.unknownApplication("permit application \(id)")
            }
            let decided = try permit.deciding(decision, on: day, by: agency, reason: reason)
            try await connection.query(
                """
                UPDATE permit SET decision = \(decision.rawValue), decided = \(day.ordinal), decided_by = \(agency),
                    reason = \(reason.map { ByteBuffer(bytes: self.sealer.seal($0)) })
                WHERE id = \(id)
                """, logger: self.logger)
            try await self.append([(decided.subject, .permitDecided(decided, by: accessor))], at: time, on: connection)
            return decided
        }
    }

    public func grantedPermits(covering day: Day) async throws -> [Permit] {
        try await withConnection { connection in
            try await self.permits(
                where: """
                    p.decision = 'granted' AND p.to_day >= \(day.ordinal) AND p.from_day <= \(day.ordinal)
                    AND p.decided <= \(day.ordinal) ORDER BY p.id
                    """,
                on: connection)
        }
    }
}
