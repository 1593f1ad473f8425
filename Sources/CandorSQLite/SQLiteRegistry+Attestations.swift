import CandorCore
import Foundation
import GRDB

extension SQLiteRegistry {
    static let attestationColumns = "id, sealed_subject, audience, issued, expires, standing, revoked"

    func decodeAttestation(_ row: Row) throws -> IssuedAttestation {
        IssuedAttestation(
            id: row[0], subject: try sealer.openSubject(row[1]), audience: row[2],
            issued: Date(timeIntervalSince1970: row[3]), expires: Date(timeIntervalSince1970: row[4]),
            standing: row[5], revoked: (row[6] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    public func addAttestation(_ attestation: IssuedAttestation) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO attestation (subject, \(Self.attestationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    self.sealer.index(of: attestation.subject), attestation.id,
                    self.sealer.seal(attestation.subject.text), attestation.audience,
                    attestation.issued.timeIntervalSince1970, attestation.expires.timeIntervalSince1970,
                    attestation.standing, attestation.revoked?.timeIntervalSince1970,
                ])
        }
    }

    public func attestation(id: String) async throws -> IssuedAttestation? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.attestationColumns) FROM attestation WHERE id = ?", arguments: [id]
            ).map(self.decodeAttestation)
        }
    }

    public func attestations(of subject: SubjectID) async throws -> [IssuedAttestation] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(Self.attestationColumns) FROM attestation WHERE subject = ? ORDER BY issued DESC, id",
                arguments: [self.sealer.index(of: subject)]
            ).map(self.decodeAttestation)
        }
    }

    public func revokeAttestation(_ attestation: IssuedAttestation, at time: Date, logging note: AccessNote)
        async throws
    {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE attestation SET revoked = coalesce(revoked, ?) WHERE id = ?",
                arguments: [time.timeIntervalSince1970, attestation.id])
            try self.append([(attestation.subject, note)], at: time, in: db)
        }
    }
}
