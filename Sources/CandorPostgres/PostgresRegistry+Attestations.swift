import CandorCore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    static let attestationColumns = "id, sealed_subject, audience, issued, expires, standing, revoked"

    func attestations(_ rows: some AsyncSequence<PostgresRow, any Error>) async throws -> [IssuedAttestation] {
        var found: [IssuedAttestation] = []
        for try await (id, sealed, audience, issued, expires, standing, revoked) in rows.decode(
            (String, Data, String, Double, Double, String, Double?).self)
        {
            found.append(
                IssuedAttestation(
                    id: id, subject: try sealer.openSubject(sealed), audience: audience,
                    issued: Date(timeIntervalSince1970: issued), expires: Date(timeIntervalSince1970: expires),
                    standing: standing, revoked: revoked.map(Date.init(timeIntervalSince1970:))))
        }
        return found
    }

    public func addAttestation(_ attestation: IssuedAttestation) async throws {
        try await self.query(
            """
            INSERT INTO attestation (subject, \(unescaped: Self.attestationColumns))
            VALUES (\(subjectKey(attestation.subject)), \(attestation.id),
                    \(ByteBuffer(bytes: sealer.seal(attestation.subject.text))), \(attestation.audience),
                    \(attestation.issued.timeIntervalSince1970), \(attestation.expires.timeIntervalSince1970),
                    \(attestation.standing), \(attestation.revoked?.timeIntervalSince1970))
            """, logger: logger)
    }

    public func attestation(id: String) async throws -> IssuedAttestation? {
        try await attestations(
            try await self.query(
                "SELECT \(unescaped: Self.attestationColumns) FROM attestation WHERE id = \(id)", logger: logger)
        ).first
    }

    public func attestations(of subject: SubjectID) async throws -> [IssuedAttestation] {
        try await attestations(
            try await self.query(
                """
                SELECT \(unescaped: Self.attestationColumns) FROM attestation WHERE subject = \(subjectKey(subject))
                ORDER BY issued DESC, id
                """, logger: logger))
    }

    public func revokeAttestation(_ attestation: IssuedAttestation, at time: Date, logging note: AccessNote)
        async throws
    {
        try await transaction { connection in
            try await connection.query(
                """
                UPDATE attestation SET revoked = coalesce(revoked, \(time.timeIntervalSince1970))
                WHERE id = \(attestation.id)
                """, logger: self.logger)
            try await self.append([(attestation.subject, note)], at: time, on: connection)
        }
    }
}
