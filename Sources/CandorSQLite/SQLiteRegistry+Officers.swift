import CandorCore
import Foundation
import GRDB

/// Officers of organisations: the person and the organisation are kept by their keyed hash, as every
/// table keeps subjects.
extension SQLiteRegistry {
    static let officerColumns = "id, agency, reference, organisation, person, role, started, ended"

    func decodeOfficer(_ row: Row, in db: Database) throws -> Officer {
        Officer(
            id: row[0], agency: row[1], reference: row[2], organisation: try subject(index: row[3], in: db),
            person: try subject(index: row[4], in: db), role: try Officer.role(row[5]),
            started: Day(ordinal: row[6]), ended: (row[7] as Int32?).map(Day.init(ordinal:)))
    }

    public func submitOfficers(_ officers: [Officer], at time: Date, accessor: Accessor) async throws
        -> [SubmissionOutcome]
    {
        try await pool.write { db in
            var keys = SubjectKeys(sealer: self.sealer)
            var outcomes: [SubmissionOutcome] = []
            var notes: [(SubjectID?, AccessNote)] = []
            for officer in officers {
                for subject in [officer.person, officer.organisation] { _ = try keys.number(of: subject, in: db) }
                let outcome: SubmissionOutcome
                if let row = try Row.fetchOne(
                    db, sql: "SELECT \(Self.officerColumns) FROM officer WHERE agency = ? AND reference = ?",
                    arguments: [officer.agency, officer.reference])
                {
                    let stored = try self.decodeOfficer(row, in: db)
                    switch Officer.change(stored: stored, incoming: officer) {
                    case .unchanged: outcome = .unchanged(stored.id)
                    case let .refused(reason): outcome = .refused(reason)
                    case let .end(day):
                        try db.execute(
                            sql: "UPDATE officer SET ended = ? WHERE id = ?", arguments: [day.ordinal, stored.id])
                        outcome = .updated(stored.id)
                    }
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO officer (agency, reference, organisation, person, role, started, ended, received_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            officer.agency, officer.reference, keys.index(of: officer.organisation),
                            keys.index(of: officer.person), officer.role.rawValue, officer.started.ordinal,
                            officer.ended?.ordinal, time.timeIntervalSince1970,
                        ])
                    outcome = .created(db.lastInsertedRowID)
                }
                outcomes.append(outcome)
                notes += AccessNote.officerNotes(officer, outcome: outcome, by: accessor).map { ($0.0, $0.1) }
            }
            try self.append(notes, at: time, in: db)
            return outcomes
        }
    }

    public func officer(agency: String, reference: String) async throws -> Officer? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.officerColumns) FROM officer WHERE agency = ? AND reference = ?",
                arguments: [agency, reference]
            ).map { try self.decodeOfficer($0, in: db) }
        }
    }

    public func allRoles() async throws -> [Officer] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.officerColumns) FROM officer ORDER BY id").map {
                try self.decodeOfficer($0, in: db)
            }
        }
    }

    /// The roles `person` holds or held, read inside the caller's transaction.
    func roles(of person: Data, in db: Database) throws -> [Officer] {
        try Row.fetchAll(
            db, sql: "SELECT \(Self.officerColumns) FROM officer WHERE person = ? ORDER BY id", arguments: [person]
        ).map { try self.decodeOfficer($0, in: db) }
    }
}
