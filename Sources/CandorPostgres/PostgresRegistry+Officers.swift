import CandorCore
import Foundation
import PostgresNIO

/// Officers of organisations: the person and the organisation are kept by their subject keys.
extension PostgresRegistry {
    /// The columns of a role, after the sealed identifiers of its organisation (`so`) and person (`sp`).
    static let officerColumns =
        "so.sealed_id, sp.sealed_id, o.id, o.agency, o.reference, o.role, o.started, o.ended"

    /// The roles of a query over `officer o` where `condition` holds, in its order.
    func officers(where condition: PostgresQuery, on connection: PostgresConnection) async throws -> [Officer] {
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT \(Self.officerColumns) FROM officer o JOIN subject so ON so.id = o.organisation
                JOIN subject sp ON sp.id = o.person WHERE
                """ + " ")
        query.sql += condition.sql
        query.binds = condition.binds
        return try await Self.all(try await connection.query(query, logger: logger)) { row in
            let cells = row.makeRandomAccess()
            return Officer(
                id: try cells[2].decode(Int64.self), agency: try cells[3].decode(String.self),
                reference: try cells[4].decode(String.self),
                organisation: try sealer.openSubject(try cells[0].decode(Data.self)),
                person: try sealer.openSubject(try cells[1].decode(Data.self)),
                role: try Officer.role(try cells[5].decode(String.self)),
                started: Day(ordinal: try cells[6].decode(Int32.self)),
                ended: try cells[7].decode(Int32?.self).map(Day.init(ordinal:)))
        }
    }

    public func submitOfficers(_ officers: [Officer], at time: Date, accessor: Accessor) async throws
        -> [SubmissionOutcome]
    {
        try await writeTransaction { connection in
            var outcomes: [SubmissionOutcome] = []
            var notes: [(SubjectID?, AccessNote)] = []
            for officer in officers {
                for subject in [officer.person, officer.organisation] {
                    try await connection.query(
                        """
                        INSERT INTO subject (id, sealed_id) VALUES (\(self.subjectKey(subject)), \(self.sealer.seal(subject.text)))
                        ON CONFLICT (id) DO NOTHING
                        """, logger: self.logger)
                }
                let outcome: SubmissionOutcome
                if let stored = try await self.officers(
                    where: "o.agency = \(officer.agency) AND o.reference = \(officer.reference)", on: connection
                ).first {
                    switch Officer.change(stored: stored, incoming: officer) {
                    case .unchanged: outcome = .unchanged(stored.id)
                    case let .refused(reason): outcome = .refused(reason)
                    case let .end(day):
                        try await connection.query(
                            "UPDATE officer SET ended = \(day.ordinal) WHERE id = \(stored.id)", logger: self.logger)
                        outcome = .updated(stored.id)
                    }
                } else {
                    let id =
                        try await Self.all(
                            try await connection.query(
                                """
                                INSERT INTO officer (agency, reference, organisation, person, role, started, ended, received_at)
                                VALUES (\(officer.agency), \(officer.reference), \(self.subjectKey(officer.organisation)),
                                        \(self.subjectKey(officer.person)), \(officer.role.rawValue), \(officer.started.ordinal),
                                        \(officer.ended?.ordinal), \(time.timeIntervalSince1970))
                                RETURNING id
                                """, logger: self.logger), { try $0.decode(Int64.self) }
                        ).first ?? 0
                    outcome = .created(id)
                }
                outcomes.append(outcome)
                notes += AccessNote.officerNotes(officer, outcome: outcome, by: accessor).map { ($0.0, $0.1) }
            }
            try await self.append(notes, at: time, on: connection)
            return outcomes
        }
    }

    public func officer(agency: String, reference: String) async throws -> Officer? {
        try await withConnection { connection in
            try await self.officers(where: "o.agency = \(agency) AND o.reference = \(reference)", on: connection).first
        }
    }

    public func allRoles() async throws -> [Officer] {
        try await withConnection { connection in
            try await self.officers(where: "TRUE ORDER BY o.id", on: connection)
        }
    }
}
