import Foundation

/// An attestation as the registry remembers it, so that a relying party can ask whether it still stands:
/// the subject, the audience, its times, the standing it stated, and whether the subject revoked it.
public struct IssuedAttestation: Sendable, Equatable {
    /// The token's `jti`.
    public var id: String
    public var subject: SubjectID
    public var audience: String
    public var issued: Date
    public var expires: Date
    /// The subject's tier and lists when it was issued (`Attestation.standing`): when they change, the
    /// attestation is superseded.
    public var standing: String
    public var revoked: Date?

    public init(
        id: String, subject: SubjectID, audience: String, issued: Date, expires: Date, standing: String,
        revoked: Date? = nil
    ) {
        self.id = id
        self.subject = subject
        self.audience = audience
        self.issued = issued
        self.expires = expires
        self.standing = standing
        self.revoked = revoked
    }
}

/// Where issued attestations are remembered.
public protocol AttestationStore: Sendable {
    func addAttestation(_ attestation: IssuedAttestation) async throws
    func attestation(id: String) async throws -> IssuedAttestation?
    /// A subject's attestations, newest first.
    func attestations(of subject: SubjectID) async throws -> [IssuedAttestation]
    /// Marks an attestation revoked at `time` (one already revoked keeps its first time) and appends `note`
    /// on its subject, in one transaction.
    func revokeAttestation(_ attestation: IssuedAttestation, at time: Date, logging note: AccessNote) async throws
}
